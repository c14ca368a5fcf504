// The CLI's --filter syntax, parsed by the same code the filter operator uses.
import { parseFilter } from '../../../operators/src/parseFilter.js';
import type { PageField, Row } from './wire.js';

export type RowTest = (row: Row) => boolean;

/** A test for rows, or the one-line reason the expression is refused. */
export function rowFilter(expr: string, fields: PageField[]): { test?: RowTest; error?: string } {
  if (expr.trim() === '') return {};
  try {
    const schemas = Object.fromEntries(fields.map((f) => [f.name, f.schema])) as Parameters<typeof parseFilter>[1];
    return { test: parseFilter(expr, schemas) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}
