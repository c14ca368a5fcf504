import { stringify } from 'yaml';
import type { HistogramResult } from '@gadgetry/sdk';
import type { BatchInfo, GadgetEvent } from '../pipeline/EventPipeline.js';
import { UsageError } from '../errors.js';
import { ColumnsFormatter } from './ColumnsFormatter.js';
import { selectFields, withRawTwins, type FieldInfo } from './fields.js';
import { jsonLine, jsonObject } from './jsonLine.js';
import { jsonText } from './jsonText.js';
import { histogramText, isHistogramResult } from './histogramText.js';

export const OUTPUT_FORMATS = ['columns', 'json', 'jsonpretty', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Turns batches of events into text; the caller decides where the text goes. */
export interface EventOutput {
  /** Text printed before any event (the column header of a stream). */
  begin(): string;
  batch(events: GadgetEvent[], info: BatchInfo): string;
  /**
   * A gadget's result (at the end, or one of those it reports while running).
   * A histogram result shows as bars in columns, as one JSON line with -o json,
   * indented JSON or YAML otherwise; any other result as its text, or indented JSON.
   */
  result(value: unknown): string;
}

/** Any result but a histogram: a string as it is, anything else as indented JSON. */
const genericResult = (value: unknown) => `${typeof value === 'string' ? value : jsonText(value, 2)}\n`;

/** The result output of one format for histograms, the generic one for the rest. */
function resultOutput(histogram: (value: HistogramResult) => string): (value: unknown) => string {
  return (value) => (isHistogramResult(value) ? histogram(value) : genericResult(value));
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
      let results = 0;
      return {
        // results follow each other with a blank line between, as tables do
        result: resultOutput((h) => `${results++ > 0 ? '\n' : ''}${histogramText(h)}`),
        begin: () => f.header(),
        batch: (events, info) => (info.table ? `${tables++ > 0 ? '\n' : ''}${f.header()}${f.rows(events)}` : f.rows(events)),
      };
    }
    case 'json': {
      const line = jsonLine(structured);
      return {
        result: resultOutput((h) => `${jsonText(h)}\n`),
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
      return { result: resultOutput((h) => `${jsonText(h, 2)}\n`), begin: () => '', batch: (events) => events.map((e) => `${jsonText(object(e), 2)}\n`).join('') };
    }
    case 'yaml': {
      const object = jsonObject(structured);
      return { result: resultOutput((h) => stringify(h)), begin: () => '', batch: (events) => (events.length ? stringify(events.map(object)) : '') };
    }
    default:
      throw new UsageError(`unknown output format "${format}"; use one of: ${OUTPUT_FORMATS.join(', ')}`);
  }
}
