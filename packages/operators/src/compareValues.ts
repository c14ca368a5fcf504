/** An integer-valued number or BigInt as a BigInt; undefined for anything else. */
const big = (v: unknown): bigint | undefined => (typeof v === 'bigint' ? v : typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : undefined);

/**
 * Orders two raw values as a user expects: numbers and BigInts by value
 * (exactly, whatever mix), arrays element by element (addresses), anything
 * else as text; a missing value counts as empty text.
 */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const x = big(a);
  const y = big(b);
  if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : 0;
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    const [p, q] = [Number(a), Number(b)];
    return p < q ? -1 : p > q ? 1 : 0;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareValues(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  return String(a ?? '').localeCompare(String(b ?? ''));
}

/** Equal as values: 2 and 2n are. */
export const sameValue = (a: unknown, b: unknown): boolean => a === b || ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint') && compareValues(a, b) === 0);
