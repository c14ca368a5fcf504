import { Type, defineOperator, type GadgetDescriptor } from '@gadgetry/sdk';
import { OperatorParamError } from './OperatorParamError.js';

type Row = Record<string, unknown>;

export interface SortKey {
  field: string;
  descending: boolean;
}

/** Parses "-rbytes,pid" into keys; unknown fields are an error naming them. */
export function parseSort(spec: string, fields: string[]): SortKey[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const descending = s.startsWith('-');
      const field = s.replace(/^[-+]/, '');
      if (!fields.includes(field)) {
        throw new OperatorParamError(`unknown field "${field}" in --sort "${spec}"; fields: ${fields.join(', ')}`);
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
    const spec = (params.sort as string | undefined) ?? descriptor.defaultSort?.join(',') ?? '';
    const keys = parseSort(spec, Object.keys(descriptor.event.properties));
    return { processBatch: (rows) => sortRows(rows, keys) };
  },
});
