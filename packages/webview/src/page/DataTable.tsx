import { useState } from 'preact/hooks';
import type { Column, SortKey } from './columns.js';
import type { Row } from './wire.js';
import { Sparkline } from './Sparkline.js';

const ROW_HEIGHT = 22;
const VIEW_ROWS = 24;
const OVERSCAN = 6;

export interface DataTableProps {
  columns: Column[];
  rows: Row[];
  sort: SortKey[];
  onSort: (field: string) => void;
  /** A sparkline per row (top tables): its values by row. */
  spark?: (row: Row) => number[] | undefined;
}

/**
 * A virtualised table: only the rows in view (and a few beyond) are in the
 * DOM, so thousands of held events cost a screenful of elements.
 */
export function DataTable({ columns, rows, sort, onSort, spark }: DataTableProps) {
  const [top, setTop] = useState(0);
  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, first + VIEW_ROWS + 2 * OVERSCAN);
  const shown = rows.slice(first, last);
  const arrow = (name: string) => {
    const k = sort.find((s) => s.field === name);
    return k ? (k.descending ? ' ▼' : ' ▲') : '';
  };
  return (
    <div class="table-wrap" style={{ height: `${ROW_HEIGHT * VIEW_ROWS + 26}px` }} onScroll={(e) => setTop((e.currentTarget as HTMLElement).scrollTop)}>
      <table class="data">
        <thead>
          <tr>
            {spark && <th class="spark-col">TREND</th>}
            {columns.map((c) => (
              <th key={c.name} data-field={c.name} title={c.description} class={c.right ? 'right' : ''} onClick={() => onSort(c.name)}>
                {c.header}
                {arrow(c.name)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr style={{ height: `${first * ROW_HEIGHT}px` }} />
          {shown.map((row, i) => (
            <tr key={first + i} class="row" style={{ height: `${ROW_HEIGHT}px` }}>
              {spark && (
                <td class="spark-col">
                  <Sparkline values={spark(row) ?? []} />
                </td>
              )}
              {columns.map((c) => (
                <td key={c.name} class={c.right ? 'right' : ''}>
                  {c.field.text(row)}
                </td>
              ))}
            </tr>
          ))}
          <tr style={{ height: `${(rows.length - last) * ROW_HEIGHT}px` }} />
        </tbody>
      </table>
    </div>
  );
}
