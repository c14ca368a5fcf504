/**
 * Characters a terminal acts on or that change how a line reads: C0 controls,
 * DEL, C1 controls, the Unicode line and paragraph separators, the bidi
 * marks, embeddings, overrides and isolates, and lone surrogates.
 */
const UNSAFE_ALL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|[\ud800-\udfff]/gu;
// The hot-path check: one class without the u flag, so it also stops at any surrogate
// (paired or not); the exact pattern above then decides.
const MAYBE_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]/;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Text as it may reach a terminal: every unsafe character becomes a visible
 * escape (`\n`, `\x1b`, `\u202e`), so names chosen by other users cannot move
 * the cursor, recolour the screen or forge a line. Backslashes stay as they
 * are, which keeps regexes and paths readable and makes escaping idempotent;
 * JSON output, not this, is the exact form.
 */
export function escapeTerminal(text: string): string {
  return MAYBE_UNSAFE.test(text) ? text.replace(UNSAFE_ALL, escapeOne) : text;
}
