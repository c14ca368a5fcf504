// The page reads the runtime's wire form (runMessageToJson) with the runtime's own decoder.
import type { GadgetInfo, RunMessage } from '@gadgetry/runtime';
export { fromWire } from '@gadgetry/runtime/wire';

export type Row = Record<string, unknown>;

/** The gadget as the page gets it (the runtime's GadgetInfo). */
export type PageInfo = GadgetInfo;
export type PageField = GadgetInfo['fields'][number];

/** A RunMessage as the page gets it, its values decoded, or what the web view itself sends. */
export type PageMessage =
  | RunMessage
  /** Events this tab missed because it read too slowly. */
  | { type: 'missed'; count: number; total: number };

/** A value as a cell shows it. */
export function cellText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(cellText).join(' ');
  if (typeof v === 'object') return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
  return String(v);
}
