import { compareValues } from '../../../operators/src/compareValues.js';
import type { PageField, Row } from './wire.js';

/** A column the tables can show: from the field's annotations (header, hidden, align). */
export interface Column {
  name: string;
  header: string;
  hidden: boolean;
  right: boolean;
  description: string;
}

const numeric = (s: Record<string, unknown>) => s.type === 'integer' || s.type === 'number' || s.type === 'bigint';

export function columnsOf(fields: PageField[]): Column[] {
  return fields.map(({ name, schema: s }) => ({
    name,
    header: typeof s.header === 'string' ? s.header : name.toUpperCase(),
    hidden: s.hidden === true,
    right: s.align === 'right' || (s.align !== 'left' && numeric(s)),
    description: typeof s.description === 'string' ? s.description : '',
  }));
}

export interface SortKey {
  field: string;
  descending: boolean;
}

/** Rows in the order of `keys` (compared as the sort operator compares). */
export function sortedRows(rows: Row[], keys: SortKey[]): Row[] {
  if (keys.length === 0) return rows;
  return [...rows].sort((a, b) => {
    for (const k of keys) {
      const c = compareValues(a[k.field], b[k.field]);
      if (c !== 0) return k.descending ? -c : c;
    }
    return 0;
  });
}

/** --sort's form: "-count,pid" → keys. */
export function parseSortKeys(list: string[] | undefined): SortKey[] {
  return (list ?? []).map((f) => (f.startsWith('-') ? { field: f.slice(1), descending: true } : { field: f, descending: false }));
}
