/** The most characters of one input value a message shows. */
const SHOWN_MAX = 80;

// C0, DEL, C1, line/paragraph separators, bidi marks and overrides, lone surrogates.
// The runtime escapes terminal output by the same rule; it depends on this
// package, so the rule cannot be imported from there.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|[\ud800-\udfff]/gu;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}

function head(text: string): { shown: string; cut: boolean } {
  const escaped = escape(text);
  if (escaped.length <= SHOWN_MAX) return { shown: escaped, cut: false };
  let shown = '';
  for (const c of text) {
    const e = escape(c);
    if (shown.length + e.length > SHOWN_MAX) break;
    shown += e;
  }
  return { shown, cut: true };
}

/**
 * User input as an operator's message shows it: control characters as
 * visible escapes, and at most 80 characters of it followed by "…" and its
 * length, so a refusal or warning stays one short line whatever was typed.
 */
export function clipInput(text: string): string {
  const { shown, cut } = head(text);
  return cut ? `${shown}… (${text.length} characters)` : shown;
}

/** clipInput in double quotes: `"value"`, or `"start…" (N characters)`. */
export function quoteInput(text: string): string {
  const { shown, cut } = head(text);
  return cut ? `"${shown}…" (${text.length} characters)` : `"${shown}"`;
}
