import { Type, defineOperator, type GadgetDescriptor, type RunField } from '@gadgetry/sdk';
import { quoteInput } from '@gadgetry/errors';
import { compareValues } from './compareValues.js';
import { OperatorParamError } from './OperatorParamError.js';
import { plainFields } from './plainFields.js';

type Row = Record<string, unknown>;

export interface SortKey {
  field: string;
  descending: boolean;
  /** The value rows are ordered by (a kind's raw value); defaults to row[field]. */
  value?: (row: Row) => unknown;
}

/**
 * Parses "-rbytes,pid" into keys. An unknown field, or an empty one ("" or
 * "pid,,comm"), is an error naming it, never a silently unsorted table.
 * With a run's fields, a kind's readable field sorts by its raw value
 * (`-timestamp` newest first, `error` by errno number).
 */
export function parseSort(spec: string, fields: string[] | readonly RunField[]): SortKey[] {
  if (spec.trim() === '') throw new OperatorParamError('empty --sort; give fields to sort by, e.g. --sort -rbytes,pid');
  const byName = new Map<string, RunField | undefined>(fields.map((f) => (typeof f === 'string' ? [f, undefined] : [f.name, f])));
  return spec
    .split(',')
    .map((s) => s.trim())
    .map((s) => {
      const descending = s.startsWith('-');
      const field = s.replace(/^[-+]/, '').trim();
      if (field === '') {
        throw new OperatorParamError(`empty field in --sort ${quoteInput(spec)}; separate fields with single commas, e.g. -rbytes,pid`);
      }
      if (!byName.has(field)) {
        throw new OperatorParamError(`unknown field ${quoteInput(field)} in --sort ${quoteInput(spec)}; fields: ${[...byName.keys()].join(', ')}`);
      }
      const f = byName.get(field);
      return f ? { field, descending, value: f.raw } : { field, descending };
    });
}

export function sortRows(rows: Row[], keys: SortKey[]): Row[] {
  if (keys.length === 0) return rows;
  const getters = keys.map((k) => k.value ?? ((r: Row) => r[k.field]));
  return rows.sort((x, y) => {
    for (let i = 0; i < keys.length; i++) {
      const c = compareValues(getters[i]!(x), getters[i]!(y));
      if (c !== 0) return keys[i]!.descending ? -c : c;
    }
    return 0;
  });
}

const tabular = (d: GadgetDescriptor) => d.type === 'one-shot' || d.type === 'trace-intervals';

/** Orders each table (snapshot or interval) by --sort, or the gadget's default sort. */
export const sortOperator = defineOperator({
  name: 'sort',
  description: 'Sorts the rows of snapshot and interval gadgets',
  params: Type.Object({
    sort: Type.Optional(Type.String({ description: 'Comma-separated fields to sort by; prefix with - for descending (e.g. -rbytes,pid)' })),
  }),
  dependencies: ['filter'],
  canOperateOn: tabular,
  instantiate(_ctx, _gadget, params, descriptor, run) {
    const spec = params.sort ?? (descriptor.defaultSort?.length ? descriptor.defaultSort.join(',') : undefined);
    // every field of the run: tables are sorted once every operator has enriched their rows
    const keys = spec === undefined ? [] : parseSort(spec, run?.fields ?? plainFields(descriptor.event.properties));
    return { processBatch: (rows) => sortRows(rows, keys) };
  },
});
