import { stringify } from 'yaml';
import type { BatchInfo, GadgetEvent } from '../pipeline/EventPipeline.js';
import { UsageError } from '../errors.js';
import { ColumnsFormatter } from './ColumnsFormatter.js';
import { selectFields, withRawTwins, type FieldInfo } from './fields.js';
import { jsonLine, jsonObject } from './jsonLine.js';
import { jsonText } from './jsonText.js';

export const OUTPUT_FORMATS = ['columns', 'json', 'jsonpretty', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Turns batches of events into text; the caller decides where the text goes. */
export interface EventOutput {
  /** Text printed before any event (the column header of a stream). */
  begin(): string;
  batch(events: GadgetEvent[], info: BatchInfo): string;
}

/**
 * Creates the formatter for `-o`. `all` are every field events carry (the
 * gadget's and those operators add, kinds applied: see eventFields); `wanted`
 * is the `--fields` list. Columns show the wanted fields or the visible ones;
 * json, jsonpretty and yaml the wanted fields (each readable form with its raw
 * twin) or all of them, in that order, with the same values.
 */
export function createOutput(format: string, all: FieldInfo[], wanted?: string[]): EventOutput {
  const chosen = wanted?.length ? selectFields(all, wanted) : undefined;
  const structured = chosen ? withRawTwins(all, chosen) : all;
  switch (format) {
    case 'columns': {
      const f = new ColumnsFormatter(chosen ?? selectFields(all));
      let tables = 0;
      return {
        begin: () => f.header(),
        batch: (events, info) => (info.table ? `${tables++ > 0 ? '\n' : ''}${f.header()}${f.rows(events)}` : f.rows(events)),
      };
    }
    case 'json': {
      const line = jsonLine(structured);
      return {
        begin: () => '',
        batch: (events) => {
          let out = '';
          for (const e of events) out += `${line(e)}\n`;
          return out;
        },
      };
    }
    case 'jsonpretty': {
      const object = jsonObject(structured);
      return { begin: () => '', batch: (events) => events.map((e) => `${jsonText(object(e), 2)}\n`).join('') };
    }
    case 'yaml': {
      const object = jsonObject(structured);
      return { begin: () => '', batch: (events) => (events.length ? stringify(events.map(object)) : '') };
    }
    default:
      throw new UsageError(`unknown output format "${format}"; use one of: ${OUTPUT_FORMATS.join(', ')}`);
  }
}
