/** JSON text of a value, a BigInt written with all its digits. */
function json(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? '';
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** A value as a column shows it: nothing for none, arrays joined by spaces, objects as JSON; never throws. */
export function valueText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(valueText).join(' ');
  if (typeof v === 'object' || typeof v === 'function') return json(v);
  return String(v);
}
