import type { Column } from './columns.js';

/** Checkboxes for the columns shown; hidden fields (annotations) start unchecked. */
export function ColumnPicker({ columns, shown, onChange }: { columns: Column[]; shown: Set<string>; onChange: (next: Set<string>) => void }) {
  return (
    <details class="columns">
      <summary>Columns</summary>
      {columns.map((c) => (
        <label key={c.name} title={c.description}>
          <input
            type="checkbox"
            name={`col-${c.name}`}
            checked={shown.has(c.name)}
            onChange={(e) => {
              const next = new Set(shown);
              if ((e.currentTarget as HTMLInputElement).checked) next.add(c.name);
              else next.delete(c.name);
              onChange(next);
            }}
          />
          {c.name}
        </label>
      ))}
    </details>
  );
}
