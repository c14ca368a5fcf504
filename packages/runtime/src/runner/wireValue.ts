/**
 * Event values as plain JSON, exactly: a BigInt (a u64 beyond 2^53) becomes
 * `{"$bigint":"<digits>"}`, and an object of the event's own that has a
 * `$bigint` or `$object` key is wrapped as `{"$object":{...}}` so it cannot
 * be mistaken for one. Everything else JSON holds is kept as it is.
 */
type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

const isTagged = (o: object) => Object.hasOwn(o, '$bigint') || Object.hasOwn(o, '$object');

export function toWire(value: unknown): unknown {
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    // fromEntries defines keys: a "__proto__" key of the event stays a key
    const out = Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v === undefined ? [] : [[k, toWire(v)]])));
    return isTagged(value) ? { $object: out } : out;
  }
  return value;
}

export function fromWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromWire);
  if (value === null || typeof value !== 'object') return value;
  const o = value as Record<string, Plain>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0] === '$bigint' && typeof o.$bigint === 'string') return BigInt(o.$bigint);
  const inner = keys.length === 1 && keys[0] === '$object' ? (o.$object as Record<string, unknown>) : o;
  return Object.fromEntries(Object.entries(inner).map(([k, v]) => [k, fromWire(v)]));
}
