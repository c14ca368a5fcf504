const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * A whole number written in decimal digits with an optional sign, and
 * nothing else: no fraction, exponent, hex, spaces or trailing text, and no
 * value a double cannot hold exactly. Undefined for anything else, so "1.9"
 * or "1e3" is refused rather than read as 1.
 */
export function parseStrictInteger(text: string): number | undefined {
  if (!INTEGER.test(text)) return undefined;
  const n = Number(text);
  if (!Number.isSafeInteger(n)) return undefined;
  return n === 0 ? 0 : n; // "-0" is 0
}

/** A finite decimal number (`5`, `-0.25`, `.5`, `2.`): no exponent, hex, Infinity or spaces. */
export function parseStrictNumber(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) return undefined;
  return n === 0 ? 0 : n;
}
