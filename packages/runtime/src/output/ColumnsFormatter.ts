import type { FieldInfo } from './fields.js';
import { jsonText } from './jsonText.js';

interface Column {
  name: string;
  header: string;
  width: number;
  align: 'left' | 'right';
}

const NUMERIC = new Set(['integer', 'number']);

function defaultWidth(f: FieldInfo): number {
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

/**
 * Aligned columns: widths and alignment from the field annotations, numbers
 * right-aligned by default. A value wider than its column is cut with '…' so
 * the columns stay aligned; the last column is never cut.
 */
export class ColumnsFormatter {
  readonly #columns: Column[];

  constructor(fields: FieldInfo[]) {
    this.#columns = fields.map((f) => {
      const header = f.header ?? f.name.toUpperCase();
      const t = (f.schema as { type?: string }).type;
      return {
        name: f.name,
        header,
        width: Math.max(f.width ?? defaultWidth(f), header.length),
        align: f.align ?? (t && NUMERIC.has(t) ? 'right' : 'left'),
      };
    });
  }

  #line(cells: string[]): string {
    const last = this.#columns.length - 1;
    return cells
      .map((text, i) => {
        const c = this.#columns[i]!;
        if (i === last && c.align === 'left') return text;
        const cut = text.length > c.width && i !== last ? `${text.slice(0, c.width - 1)}…` : text;
        return c.align === 'right' ? cut.padStart(c.width) : cut.padEnd(c.width);
      })
      .join(' ')
      .trimEnd();
  }

  header(): string {
    return `${this.#line(this.#columns.map((c) => c.header))}\n`;
  }

  rows(events: Record<string, unknown>[]): string {
    let out = '';
    for (const e of events) out += `${this.#line(this.#columns.map((c) => formatValue(e[c.name])))}\n`;
    return out;
  }
}
