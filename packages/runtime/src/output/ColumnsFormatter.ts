import { escapeTerminal } from '@gadgetry/errors';
import type { FieldAnnotations, TSchema } from '@gadgetry/sdk';
import { jsonText } from './jsonText.js';

/** What a column needs of a field: its name and schema, its layout, and (for kinds that format) its text. */
export interface ColumnField extends Pick<FieldAnnotations, 'width' | 'header' | 'align'> {
  name: string;
  schema: TSchema;
  /** Only for fields not shown as their value: the text of the cell. */
  form?: 'readable' | 'raw' | 'value';
  text?(event: Record<string, unknown>): string;
  /** For a field that applies to some events only: false where its cell is blank. */
  applies?(event: Record<string, unknown>): boolean;
}

type Cell = (event: Record<string, unknown>) => string;

/** A cell, blank on events its field does not apply to. */
function cellOf(f: ColumnField, cell: Cell): Cell {
  const applies = f.applies;
  return applies ? (e) => (applies(e) ? cell(e) : '') : cell;
}

interface Column {
  name: string;
  header: string;
  width: number;
  align: 'left' | 'right';
  cell(event: Record<string, unknown>): string;
}

const NUMERIC = new Set(['integer', 'number']);

function defaultWidth(f: ColumnField): number {
  const t = (f.schema as { type?: string }).type;
  if (t && NUMERIC.has(t)) return 8;
  if (t === 'boolean') return 5;
  return 16;
}

export function formatValue(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(formatValue).join(' ');
  if (typeof v === 'object') return jsonText(v);
  return String(v);
}

/** A value as a cell, escaped; numbers and booleans cannot hold a control character, so they skip the check. */
function cell(v: unknown): string {
  const t = typeof v;
  return t === 'number' || t === 'bigint' || t === 'boolean' ? formatValue(v) : escapeTerminal(formatValue(v));
}

/** The first `n` UTF-16 units of text, one fewer rather than half a surrogate pair. */
function cutAt(text: string, n: number): string {
  const code = text.charCodeAt(n - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
}

/**
 * Aligned columns: widths and alignment from the field annotations, numbers
 * right-aligned by default. A value wider than its column is cut with '…' so
 * the columns stay aligned; the last column is never cut. Every cell is
 * escaped first (escapeTerminal): file and process names are chosen by other
 * users and must not reach the terminal as control sequences or extra lines.
 */
export class ColumnsFormatter {
  readonly #columns: Column[];

  constructor(fields: ColumnField[]) {
    this.#columns = fields.map((f) => {
      const header = escapeTerminal(f.header ?? f.name.toUpperCase());
      const t = (f.schema as { type?: string }).type;
      const { name, text } = f;
      return {
        name,
        header,
        width: Math.max(f.width ?? defaultWidth(f), header.length),
        align: f.align ?? (t && NUMERIC.has(t) ? 'right' : 'left'),
        cell: cellOf(f, text && f.form !== 'value' ? (e) => escapeTerminal(text(e)) : (e) => cell(e[name])),
      };
    });
  }

  /** A cell laid out in column `i`: cut when too wide (never the last), padded to the width (not a last left-aligned one). */
  #fit(text: string, i: number): string {
    const c = this.#columns[i]!;
    const last = i === this.#columns.length - 1;
    if (last && c.align === 'left') return text;
    const cut = text.length > c.width && !last ? `${cutAt(text, c.width - 1)}…` : text;
    return c.align === 'right' ? cut.padStart(c.width) : cut.padEnd(c.width);
  }

  // Built by concatenation, not arrays joined: at hundreds of thousands of rows a
  // second the per-row arrays were a large share of the allocations.
  /** The row of an event, or the header row without one. */
  #line(event?: Record<string, unknown>): string {
    const columns = this.#columns;
    let line = '';
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i]!;
      const text = this.#fit(event ? c.cell(event) : c.header, i);
      line += i === 0 ? text : ` ${text}`;
    }
    return line.trimEnd();
  }

  header(): string {
    return `${this.#line()}\n`;
  }

  rows(events: Record<string, unknown>[]): string {
    let out = '';
    for (const e of events) out += `${this.#line(e)}\n`;
    return out;
  }
}
