import { escapeTerminal } from './escapeTerminal.js';

/** Longest line an error prints as; longer ones are cut (values echoed in messages are capped earlier). */
export const MAX_ERROR_LINE = 300;

/** The first non-empty line of `text`, control characters escaped, cut to `max` characters. */
export function oneLine(text: string, max = MAX_ERROR_LINE): string {
  const line = (text.split('\n').find((l) => l.trim() !== '') ?? '').trimEnd();
  const safe = escapeTerminal(line);
  if (safe.length <= max) return safe;
  let cut = safe.slice(0, Math.max(0, max - 1));
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}
