import { stringify } from 'yaml';
import type { BatchInfo, GadgetEvent } from '../pipeline/EventPipeline.js';
import { UsageError } from '../errors.js';
import { ColumnsFormatter } from './ColumnsFormatter.js';
import type { FieldInfo } from './fields.js';

export const OUTPUT_FORMATS = ['columns', 'json', 'jsonpretty', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Turns batches of events into text; the caller decides where the text goes. */
export interface EventOutput {
  /** Text printed before any event (the column header of a stream). */
  begin(): string;
  batch(events: GadgetEvent[], info: BatchInfo): string;
}

function pick(fields: FieldInfo[], all: boolean) {
  if (all) return (e: GadgetEvent) => e;
  return (e: GadgetEvent) => {
    const o: GadgetEvent = {};
    for (const f of fields) if (e[f.name] !== undefined) o[f.name] = e[f.name];
    return o;
  };
}

/**
 * Creates the formatter for `-o`. `explicitFields` is true when the user
 * chose fields; json and yaml then carry only those, otherwise every field.
 */
export function createOutput(format: string, fields: FieldInfo[], explicitFields: boolean): EventOutput {
  const select = pick(fields, !explicitFields);
  switch (format) {
    case 'columns': {
      const f = new ColumnsFormatter(fields);
      let tables = 0;
      return {
        begin: () => f.header(),
        batch: (events, info) => (info.table ? `${tables++ > 0 ? '\n' : ''}${f.header()}${f.rows(events)}` : f.rows(events)),
      };
    }
    case 'json':
      return {
        begin: () => '',
        batch: (events) => {
          let out = '';
          for (const e of events) out += `${JSON.stringify(select(e))}\n`;
          return out;
        },
      };
    case 'jsonpretty':
      return { begin: () => '', batch: (events) => events.map((e) => `${JSON.stringify(select(e), null, 2)}\n`).join('') };
    case 'yaml':
      return { begin: () => '', batch: (events) => (events.length ? stringify(events.map(select)) : '') };
    default:
      throw new UsageError(`unknown output format "${format}"; use one of: ${OUTPUT_FORMATS.join(', ')}`);
  }
}
