import { useMemo, useRef, useState } from 'preact/hooks';
import { columnsOf, sortedRows, type SortKey } from './columns.js';
import { ColumnPicker } from './ColumnPicker.js';
import { DataTable } from './DataTable.js';
import type { RunState } from './RunState.js';
import { rowFilter } from './rowFilter.js';
import type { RunField } from '@gadgetry/sdk';
import type { Row } from './wire.js';

/** Toggles a column's sort: ascending, then descending, then off. */
export function nextSort(sort: SortKey[], field: string): SortKey[] {
  const k = sort.find((s) => s.field === field);
  if (!k) return [{ field, descending: false }];
  if (!k.descending) return [{ field, descending: true }];
  return [];
}

/** A trace gadget: the last events, newest first unless sorted; pause freezes what is shown. */
export function TraceView({ fields, state }: { fields: RunField[]; state: RunState }) {
  const columns = useMemo(() => columnsOf(fields), [fields]);
  const [shown, setShown] = useState(() => new Set(columns.filter((c) => !c.hidden).map((c) => c.name)));
  const [sort, setSort] = useState<SortKey[]>([]);
  const [filter, setFilter] = useState('');
  const [paused, setPaused] = useState(false);
  const frozen = useRef<Row[]>([]);
  const parsed = useMemo(() => rowFilter(filter, fields), [filter, fields]);
  if (!paused) frozen.current = state.events.toArray().reverse();
  const held = frozen.current;
  const rows = sortedRows(parsed.test ? held.filter(parsed.test) : held, sort, fields);
  return (
    <section class="trace">
      <div class="toolbar">
        <button type="button" id="pause" onClick={() => setPaused(!paused)}>
          {paused ? 'Resume' : 'Pause'}
        </button>
        <input
          id="filter"
          class={parsed.error ? 'bad' : ''}
          placeholder="filter, as --filter: comm:bash,pid:>100"
          value={filter}
          onInput={(e) => setFilter((e.currentTarget as HTMLInputElement).value)}
        />
        <ColumnPicker columns={columns} shown={shown} onChange={setShown} />
        <span class="count" id="row-count">
          {rows.length} shown of {held.length} held ({state.events.seen} seen)
        </span>
      </div>
      {parsed.error && <div class="error" id="filter-error">{parsed.error}</div>}
      <DataTable columns={columns.filter((c) => shown.has(c.name))} rows={rows} sort={sort} onSort={(f) => setSort(nextSort(sort, f))} />
    </section>
  );
}
