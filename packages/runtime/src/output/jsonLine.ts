import type { FieldInfo } from './fields.js';
import { jsonText } from './jsonText.js';

type Serializer = (event: Record<string, unknown>) => string;

// A BigInt (u64 beyond 2^53) is written with all its digits.
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'bigint' ? v.toString() : jsonText(v ?? null));
const bool = (v: unknown) => (v === true ? 'true' : v === false ? 'false' : jsonText(v ?? null));

// Most event strings need no escaping: quote them directly. A cache keyed by
// the string cost more than it saved (a decoded string is a new string, hashed
// on every lookup, and unique ones such as timestamps churned the cache).
// JSON.stringify writes a string with none of these characters as it is.
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;
function str(v: unknown): string {
  if (typeof v !== 'string') return v === undefined ? 'null' : jsonText(v);
  return PLAIN.test(v) ? `"${v}"` : JSON.stringify(v);
}
const any = (v: unknown) => (v === undefined ? 'null' : jsonText(v));

/**
 * A JSON serializer generated for the fields of an event, in order. The hot
 * path of `-o json`: it writes each key once as a literal and picks the
 * conversion per field type, instead of walking every object generically.
 * A kind's readable form is written as a string (its `json()`), its raw twin
 * and every other field as the event holds it.
 */
export function jsonLine(fields: FieldInfo[]): Serializer {
  const readable: ((e: Record<string, unknown>) => unknown)[] = [];
  const parts = fields.map((f, i) => {
    const key = JSON.stringify(`${i === 0 ? '{' : ','}${JSON.stringify(f.name)}:`);
    // readable forms, and fields that do not apply to every event, through their json()
    if (f.form === 'readable' || f.applies) {
      readable.push(f.json);
      return `${key} + ${f.form === 'readable' ? 'str' : 'any'}(readable[${readable.length - 1}](e))`;
    }
    const t = (f.schema as { type?: string }).type;
    const conv = t === 'integer' || t === 'number' ? 'num' : t === 'boolean' ? 'bool' : t === 'string' ? 'str' : 'any';
    return `${key} + ${conv}(e[${JSON.stringify(f.source)}])`;
  });
  const body = parts.length ? `return ${parts.join(' + ')} + '}';` : `return '{}';`;
  return new Function('num', 'bool', 'str', 'any', 'readable', `return function line(e) { ${body} };`)(num, bool, str, any, readable) as Serializer;
}

/** An event as the object JSON and YAML show: the fields in order, readable forms as text, a missing value as null. */
export function jsonObject(fields: FieldInfo[]): (event: Record<string, unknown>) => Record<string, unknown> {
  return (e) => {
    const o: Record<string, unknown> = {};
    for (const f of fields) o[f.name] = f.json(e) ?? null;
    return o;
  };
}
