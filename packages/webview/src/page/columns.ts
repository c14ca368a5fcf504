import { runFields, type KindContext } from '@gadgetry/kinds';
import { fieldAnnotations, type RunField, type TSchema } from '@gadgetry/sdk';
import { compareValues } from '@gadgetry/operators/filter-syntax';
import type { PageField, Row } from './wire.js';

/**
 * The run's fields as the CLI's outputs see them (@gadgetry/kinds): each kind
 * shown readably under its name (a time, ENOENT, an address) and raw under
 * `<name>Raw`. `ctx` is filled in when the run starts (its host's clock and
 * architecture); the fields read it each time they format.
 */
export function pageFields(fields: PageField[], ctx: KindContext): RunField[] {
  return runFields(
    fields.map((f) => ({ name: f.name, schema: f.schema as TSchema })),
    ctx,
  );
}

/** A column the tables can show: from the field's annotations (header, hidden, align). */
export interface Column {
  name: string;
  header: string;
  hidden: boolean;
  right: boolean;
  description: string;
  field: RunField;
}

const numeric = (s: Record<string, unknown>) => s.type === 'integer' || s.type === 'number' || s.type === 'bigint';

export function columnsOf(fields: RunField[]): Column[] {
  return fields.map((field) => {
    const a = fieldAnnotations(field.schema);
    return {
      name: field.name,
      header: a.header ?? field.name.toUpperCase(),
      hidden: a.hidden === true,
      right: a.align === 'right' || (a.align !== 'left' && numeric(field.schema as Record<string, unknown>)),
      description: a.description ?? '',
      field,
    };
  });
}

export interface SortKey {
  field: string;
  descending: boolean;
}

/** Rows in the order of `keys`, comparing raw values as the sort operator does (a time by its nanoseconds). */
export function sortedRows(rows: Row[], keys: SortKey[], fields: RunField[]): Row[] {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const known = keys.flatMap((k) => {
    const f = byName.get(k.field);
    return f ? [{ raw: f.raw, descending: k.descending }] : [];
  });
  if (known.length === 0) return rows;
  return [...rows].sort((a, b) => {
    for (const k of known) {
      const c = compareValues(k.raw(a), k.raw(b));
      if (c !== 0) return k.descending ? -c : c;
    }
    return 0;
  });
}

/** --sort's form: "-count,pid" → keys. */
export function parseSortKeys(list: string[] | undefined): SortKey[] {
  return (list ?? []).map((f) => (f.startsWith('-') ? { field: f.slice(1), descending: true } : { field: f, descending: false }));
}
