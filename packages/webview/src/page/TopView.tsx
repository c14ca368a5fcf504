import { useMemo, useState } from 'preact/hooks';
import { columnsOf, parseSortKeys, sortedRows, type SortKey } from './columns.js';
import { ColumnPicker } from './ColumnPicker.js';
import { DataTable } from './DataTable.js';
import type { RunState } from './RunState.js';
import { rowFilter } from './rowFilter.js';
import { nextSort } from './TraceView.js';
import type { RunField } from '@gadgetry/sdk';
import type { PageInfo, Row } from './wire.js';

/** What tells rows of a top table apart: its fields that are not numbers, and pid. */
export function rowKeyOf(info: PageInfo): (r: Row) => string {
  const keys = info.fields.filter((f) => f.name === 'pid' || !['integer', 'number', 'bigint'].includes(String(f.schema.type))).map((f) => f.name);
  return (r) => keys.map((k) => String(r[k])).join('\u0000');
}

/** The value a row's sparkline follows: the first field of the default sort, else the first number. */
export function sparkFieldOf(info: PageInfo): string | undefined {
  const first = info.defaultSort?.[0]?.replace(/^-/, '');
  if (first) return first;
  return info.fields.find((f) => ['integer', 'number', 'bigint'].includes(String(f.schema.type)) && f.name !== 'pid')?.name;
}

/** An interval gadget: the latest table, replaced in place each interval, with a trend per row. */
export function TopView({ info, fields, state }: { info: PageInfo; fields: RunField[]; state: RunState }) {
  const columns = useMemo(() => columnsOf(fields), [fields]);
  const key = useMemo(() => rowKeyOf(info), [info]);
  const [shown, setShown] = useState(() => new Set(columns.filter((c) => !c.hidden).map((c) => c.name)));
  const [sort, setSort] = useState<SortKey[]>(() => parseSortKeys(info.defaultSort));
  const [filter, setFilter] = useState('');
  const parsed = useMemo(() => rowFilter(filter, fields), [filter, fields]);
  const rows = sortedRows(parsed.test ? state.table.filter(parsed.test) : state.table, sort, fields);
  return (
    <section class="top">
      <div class="toolbar">
        <input id="filter" class={parsed.error ? 'bad' : ''} placeholder="filter, as --filter" value={filter} onInput={(e) => setFilter((e.currentTarget as HTMLInputElement).value)} />
        <ColumnPicker columns={columns} shown={shown} onChange={setShown} />
        <span class="count" id="interval-count">
          interval {state.tables}: {rows.length} rows
        </span>
      </div>
      {parsed.error && <div class="error">{parsed.error}</div>}
      <DataTable columns={columns.filter((c) => shown.has(c.name))} rows={rows} sort={sort} onSort={(f) => setSort(nextSort(sort, f))} spark={(r) => state.history.get(key(r))} />
    </section>
  );
}
