import { Type, defineOperator, type GadgetDescriptor } from '@gadgetry/sdk';
import { enrichedFields } from './enrichedFields.js';
import { OperatorParamError } from './OperatorParamError.js';
import { quoteInput } from '@gadgetry/errors';

type Row = Record<string, unknown>;

export interface SortKey {
  field: string;
  descending: boolean;
}

/**
 * Parses "-rbytes,pid" into keys. An unknown field, or an empty one ("" or
 * "pid,,comm"), is an error naming it, never a silently unsorted table.
 */
export function parseSort(spec: string, fields: string[]): SortKey[] {
  if (spec.trim() === '') throw new OperatorParamError('empty --sort; give fields to sort by, e.g. --sort -rbytes,pid');
  return spec
    .split(',')
    .map((s) => s.trim())
    .map((s) => {
      const descending = s.startsWith('-');
      const field = s.replace(/^[-+]/, '').trim();
      if (field === '') {
        throw new OperatorParamError(`empty field in --sort ${quoteInput(spec)}; separate fields with single commas, e.g. -rbytes,pid`);
      }
      if (!fields.includes(field)) {
        throw new OperatorParamError(`unknown field ${quoteInput(field)} in --sort ${quoteInput(spec)}; fields: ${fields.join(', ')}`);
      }
      return { field, descending };
    });
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a ?? '').localeCompare(String(b ?? ''));
}

export function sortRows(rows: Row[], keys: SortKey[]): Row[] {
  if (keys.length === 0) return rows;
  return rows.sort((x, y) => {
    for (const k of keys) {
      const c = compare(x[k.field], y[k.field]);
      if (c !== 0) return k.descending ? -c : c;
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
  instantiate(_ctx, _gadget, params, descriptor) {
    const spec = params.sort ?? (descriptor.defaultSort?.length ? descriptor.defaultSort.join(',') : undefined);
    // the same fields --filter accepts: the gadget's and those the enrichers add (user, container...)
    const keys = spec === undefined ? [] : parseSort(spec, Object.keys(enrichedFields(descriptor)));
    return { processBatch: (rows) => sortRows(rows, keys) };
  },
});
