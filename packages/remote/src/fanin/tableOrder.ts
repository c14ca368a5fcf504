import type { GadgetInfo } from '@gadgetry/runtime';
import { INTERVAL_DEFAULT_ROWS, parseSort, sortRows, type SortKey } from '@gadgetry/operators';

type Row = Record<string, unknown>;

/** How each node already ordered and cut its tables, to do again over the merged table. */
export interface TableOrder {
  keys: SortKey[];
  /** 0: every row. */
  maxRows: number;
}

const paramOf = (params: Record<string, unknown>, ...names: string[]): unknown => names.map((n) => params[n]).find((v) => v !== undefined);

/**
 * The order of the gadget's tables as its sort and limit operators apply
 * it on each node (--sort or the gadget's default sort, --max-rows or the
 * interval default), over the fields of the merged rows (`node` included).
 * Undefined when the gadget's tables are not sorted or cut.
 */
export function tableOrderOf(info: GadgetInfo | undefined, params: Record<string, unknown>): TableOrder | undefined {
  if (!info) return undefined;
  const sorts = info.operators.some((o) => o.name === 'sort');
  const limits = info.operators.some((o) => o.name === 'limit');
  if (!sorts && !limits) return undefined;
  const spec = paramOf(params, 'sort') ?? (info.defaultSort?.length ? info.defaultSort.join(',') : undefined);
  let keys: SortKey[] = [];
  if (sorts && typeof spec === 'string') {
    try {
      // raw values: table rows travel before kinds format them
      keys = parseSort(spec, info.fields.map((f) => f.name));
    } catch {
      // every node refused the run with this spec already
    }
  }
  const given = paramOf(params, 'max-rows', 'maxRows');
  const maxRows = !limits ? 0 : given !== undefined ? Number(given) : info.type === 'trace-intervals' ? INTERVAL_DEFAULT_ROWS : 0;
  return { keys, maxRows: Number.isSafeInteger(maxRows) && maxRows > 0 ? maxRows : 0 };
}

/** Orders a merged table as one node's would be, and cuts it to the same number of rows. */
export function orderTable(rows: Row[], order: TableOrder | undefined): Row[] {
  if (!order) return rows;
  const sorted = sortRows(rows, order.keys);
  return order.maxRows > 0 && sorted.length > order.maxRows ? sorted.slice(0, order.maxRows) : sorted;
}
