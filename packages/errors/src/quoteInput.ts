import { escapeTerminal } from './escapeTerminal.js';

/** The most characters of one input value a message shows. */
export const SHOWN_INPUT_MAX = 80;

/** The escaped text, or its first escaped characters when it is longer than `max`. */
function head(text: string, max: number): { shown: string; cut: boolean } {
  const escaped = escapeTerminal(text);
  if (escaped.length <= max) return { shown: escaped, cut: false };
  let shown = '';
  for (const c of text) {
    // whole code points and whole escapes only
    const e = escapeTerminal(c);
    if (shown.length + e.length > max) break;
    shown += e;
  }
  return { shown, cut: true };
}

/**
 * Input as it may appear inside a one-line message: escaped for the terminal
 * and, when long, cut to its first characters followed by "…" and its
 * length, so a 100 KB argument cannot turn an error into 100 KB of stderr.
 */
export function clipInput(text: string): string {
  const { shown, cut } = head(text, SHOWN_INPUT_MAX);
  return cut ? `${shown}… (${text.length} characters)` : shown;
}

/** clipInput in double quotes: `"value"`, or `"start…" (N characters)`; `max` for messages that quote several values. */
export function quoteInput(text: string, max = SHOWN_INPUT_MAX): string {
  const { shown, cut } = head(text, max);
  return cut ? `"${shown}…" (${text.length} characters)` : `"${shown}"`;
}
