// The page reads the runtime's wire form (runMessageToJson) with the runtime's own decoder.
export { fromWire } from '../../../runtime/src/runner/wireValue.js';

export type Row = Record<string, unknown>;

/** The shapes of the GadgetInfo the page uses (see @gadgetry/runtime GadgetInfo). */
export interface PageField {
  name: string;
  schema: Record<string, unknown>;
}
export interface PageInfo {
  name: string;
  description: string;
  type: string;
  result?: string;
  defaultSort?: string[];
  fields: PageField[];
}

/** A RunMessage as the page gets it, its values decoded. */
export type PageMessage =
  | { type: 'started'; gadget: string; node: string; host: { bootToEpochNs: string; arch: string } }
  | { type: 'events' | 'table'; events: Row[]; node: string }
  | { type: 'result'; value: unknown }
  | { type: 'lost'; count: number; reason: string; message: string }
  | { type: 'log'; level: string; message: string }
  | { type: 'stats'; stats: Record<string, unknown> }
  | { type: 'error'; error: { line: string } }
  | { type: 'done'; reason: string; result?: unknown; error?: { line: string } }
  /** Sent by the web view itself: events this tab missed because it read too slowly. */
  | { type: 'missed'; count: number; total: number };

/** A value as a cell shows it. */
export function cellText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(cellText).join(' ');
  if (typeof v === 'object') return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
  return String(v);
}
