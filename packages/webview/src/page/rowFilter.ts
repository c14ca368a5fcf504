// The CLI's --filter syntax, parsed by the same code the filter operator uses,
// on the same fields (readable forms too: error:ENOENT, timestamp:>14:05).
import type { RunField } from '@gadgetry/sdk';
import { parseFilter } from '@gadgetry/operators/filter-syntax';
import type { Row } from './wire.js';

export type RowTest = (row: Row) => boolean;

/** A test for rows, or the one-line reason the expression is refused. */
export function rowFilter(expr: string, fields: RunField[]): { test?: RowTest; error?: string } {
  if (expr.trim() === '') return {};
  try {
    return { test: parseFilter(expr, fields) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}
