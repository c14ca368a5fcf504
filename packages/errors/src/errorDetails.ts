import { escapeTerminal } from './escapeTerminal.js';
import { MAX_ERROR_LINE } from './oneLine.js';

/** Where a GadgetryError keeps the message its one line was cut from (a registered symbol: every copy of this package reads it). */
export const FULL_MESSAGE = Symbol.for('gadgetry.error.fullMessage');
/** Marks Gadgetry errors, so one made by another copy of this package is recognised too. */
export const GADGETRY_ERROR = Symbol.for('gadgetry.error');

const lineCount = (s: string) => s.split('\n').filter((l) => l.trim() !== '').length;


/**
 * The details behind an error's one line, from it and its causes: messages
 * longer than one line, `libbpfLog` (what libbpf and the verifier said) and
 * `details` strings. Control characters other than newline and tab are escaped.
 */
export function errorDetails(err: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  for (let e = err; e !== null && typeof e === 'object' && !seen.has(e) && seen.size < 16; ) {
    seen.add(e);
    const o = e as { message?: unknown; details?: unknown; libbpfLog?: unknown; cause?: unknown };
    const marks = e as Record<symbol, unknown>;
    if (marks[GADGETRY_ERROR] === true) {
      const full = marks[FULL_MESSAGE];
      if (typeof full === 'string') parts.push(full);
    } else {
      if (typeof o.message === 'string' && (lineCount(o.message) > 1 || o.message.length > MAX_ERROR_LINE)) parts.push(o.message);
      if (typeof o.details === 'string') parts.push(o.details);
    }
    if (typeof o.libbpfLog === 'string') parts.push(o.libbpfLog);
    e = o.cause;
  }
  return parts
    .map((p) => p.trim().split(/(\n|\t)/).map((piece) => (piece === '\n' || piece === '\t' ? piece : escapeTerminal(piece))).join(''))
    .filter(Boolean)
    .join('\n');
}
