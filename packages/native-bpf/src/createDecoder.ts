import type { TObject, TSchema } from '@sinclair/typebox';
import type { TypeInfo } from './addon.js';
import { RecordTruncatedError, SchemaMismatchError } from './errors.js';

export type Decoder<T = Record<string, unknown>> = (buf: Buffer, offset: number) => T;

interface Member {
  path: string;
  offset: number;
  type: TypeInfo;
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

/** A name from BTF or a schema, safe inside a one-line message. */
function printable(name: string, max = 48): string {
  const s = name.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return s.length <= max ? s : `${s.slice(0, max)}…`;
}

/** Members by name, nested structs flattened: `proc.pid` and, when unambiguous, `pid`. Bitfields are kept aside. */
function flatten(t: TypeInfo, base = 0, prefix = '', depth = 0, out = new Map<string, Member>(), short = new Map<string, Member | null>(), bitfields = new Set<string>()) {
  if (depth > 16 || !Array.isArray(t.members)) return { out, short, bitfields };
  for (const m of t.members) {
    const name = String(m.name);
    const path = prefix ? `${prefix}.${name}` : name;
    if (m.bitfield) {
      bitfields.add(path).add(name);
      continue;
    }
    const member = { path, offset: base + m.offset, type: m.type };
    out.set(path, member);
    if (prefix) short.set(name, short.has(name) ? null : member);
    if (m.type?.kind === 'struct') flatten(m.type, base + m.offset, path, depth + 1, out, short, bitfields);
  }
  return { out, short, bitfields };
}

function describe(t: TypeInfo): string {
  if (t.kind === 'int') return `a ${t.size}-byte ${t.signed ? 'signed ' : ''}integer`;
  if (t.kind === 'bool') return `a ${t.size}-byte integer`;
  if (t.kind === 'array') {
    if (!t.element) return 'an array';
    if (t.element.char) return `char[${t.count}]`;
    const e = t.element;
    return e.kind === 'int' ? `an array of ${t.count} ${e.size}-byte ${e.signed ? 'signed ' : ''}integers` : `an array of ${t.count} ${describe(e)}`;
  }
  return `a ${t.kind}`;
}

/** A char array the decoder can read as bytes: its length in bytes, or undefined. */
function charCount(t: TypeInfo): number | undefined {
  return t.kind === 'array' && t.element?.char && t.element.size === 1 && isCount(t.count) ? t.count : undefined;
}

/**
 * Reads through typed-array views of the batch when the member is naturally
 * aligned (what C gives every struct member), else through Buffer methods.
 * `o` is the record's offset; the views are valid when the batch is 8-aligned
 * and `o` is aligned as the member is.
 */
function alignedRead(size: number, signed: boolean | undefined, offset: number): string | undefined {
  const at = `(o + ${offset})`;
  if (offset % Math.min(size, 8) !== 0) return undefined;
  switch (size) {
    case 1: return signed ? `i8[${at}]` : `b[${at}]`;
    case 2: return signed ? `i16[${at} >> 1]` : `u16[${at} >> 1]`;
    case 4: return signed ? `i32[${at} >> 2]` : `u32[${at} >> 2]`;
    case 8: return signed ? `(u32[${at} >> 2] + i32[(${at} >> 2) + 1] * 4294967296)` : `(u32[${at} >> 2] + u32[(${at} >> 2) + 1] * 4294967296)`;
    default: return undefined;
  }
}

/** A 64-bit member as a BigInt (every digit kept); smaller integers widened. */
function bigRead(size: number, signed: boolean | undefined, at: string): string | undefined {
  if (size === 8) return signed ? `b.readBigInt64LE(${at})` : `b.readBigUInt64LE(${at})`;
  const read = intRead(size, signed, at);
  return read ? `BigInt(${read})` : undefined;
}

/** bigRead through the typed-array views, when the member is 8-aligned. */
function alignedBigRead(size: number, signed: boolean | undefined, offset: number): string | undefined {
  return size === 8 && offset % 8 === 0 ? `${signed ? 'i64' : 'u64'}[(o + ${offset}) >> 3]` : undefined;
}

function intRead(size: number, signed: boolean | undefined, at: string): string | undefined {
  switch (size) {
    case 1: return signed ? `b.readInt8(${at})` : `b[${at}]`;
    case 2: return signed ? `b.readInt16LE(${at})` : `b.readUInt16LE(${at})`;
    case 4: return signed ? `b.readInt32LE(${at})` : `b.readUInt32LE(${at})`;
    case 8: return signed ? `Number(b.readBigInt64LE(${at}))` : `(b.readUInt32LE(${at}) + b.readUInt32LE(${at} + 4) * 4294967296)`;
    default: return undefined;
  }
}

// utf8Slice skips toString's argument checks: this runs twice per event.
declare module 'node:buffer' {
  interface Buffer {
    utf8Slice(start: number, end: number): string;
  }
}

function str(b: Buffer, start: number, max: number): string {
  let end = start;
  const limit = start + max;
  while (end < limit && b[end] !== 0) end++;
  return b.utf8Slice(start, end);
}

/** `count` integers of `size` bytes from `start`, as numbers or BigInts. */
function ints(b: Buffer, start: number, count: number, size: number, signed: boolean, big: boolean): (number | bigint)[] {
  const out = new Array<number | bigint>(count);
  for (let i = 0, at = start; i < count; i++, at += size) {
    if (size === 8) out[i] = big ? (signed ? b.readBigInt64LE(at) : b.readBigUInt64LE(at)) : signed ? Number(b.readBigInt64LE(at)) : b.readUInt32LE(at) + b.readUInt32LE(at + 4) * 4294967296;
    else {
      const v = signed ? b.readIntLE(at, size) : b.readUIntLE(at, size);
      out[i] = big ? BigInt(v) : v;
    }
  }
  return out;
}

function strings(b: Buffer, start: number, len: number): string[] {
  if (len <= 0) return [];
  const parts = b.toString('utf8', start, start + len).split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/**
 * Builds a decoder for one record of `struct` from the gadget's event schema.
 * Each schema field is read from the struct member of the same name (or its
 * snake_case form; members of nested structs by their own name); fields
 * marked `computed: true` are left to the gadget. A field the struct lacks,
 * whose type disagrees, or whose member lies outside the struct is a
 * SchemaMismatchError naming the field. Integers are read as numbers (a
 * 64-bit member exactly below 2^53), or as BigInts for `Type.BigInt()`
 * fields; an integer array member fills an array of numbers or BigInts.
 *
 * `decode(buf, offset)` reads one record at `offset`. A record too short for
 * the fixed members it reads is refused with RecordTruncatedError; a char
 * array read with a `sizeField` (a variable-length tail, as trace_exec sends)
 * is read only up to the end of `buf`. Nothing is read outside `buf`.
 */
export function createDecoder<T = Record<string, unknown>>(layout: TypeInfo, schema: TObject): Decoder<T> {
  const { out: members, short, bitfields } = flatten(layout);
  const find = (name: string) => members.get(name) ?? short.get(name) ?? undefined;
  const exprs: string[] = [];
  const fastExprs: string[] = [];
  const structName = `struct ${printable(String(layout.name ?? '?'))}`;
  const structSize = layout.size;
  // Bytes from the record's start that every decode reads: checked once per record.
  let need = 0;
  // Alignment the typed-array reads need of the record's offset (records in a batch are 8-aligned).
  let fastAlign = 1;
  const mismatch = (key: string, why: string): never => {
    throw new SchemaMismatchError(key, `event field "${printable(key)}" ${why} (${structName} in the BPF object's BTF)`);
  };
  /** Checks `bytes` at the member's offset lie inside the struct; with `fixed`, every decode reads them. */
  const inside = (key: string, m: Member, bytes: number, fixed: boolean) => {
    if (!isCount(m.offset) || !isCount(bytes) || !isCount(structSize) || m.offset + bytes > structSize) {
      mismatch(key, `is member ${printable(m.path)} at bytes ${m.offset} to ${m.offset + bytes}, past the end of the ${structSize}-byte struct`);
    }
    need = Math.max(need, m.offset + (fixed ? bytes : 0));
  };
  for (const [key, s] of Object.entries(schema.properties ?? {}) as [string, TSchema & Record<string, unknown>][]) {
    if (s.computed === true) continue;
    if (key === '__proto__') mismatch(key, 'cannot be decoded: rename it');
    const m = find(key) ?? find(snake(key));
    if (!m) {
      if (bitfields.has(key) || bitfields.has(snake(key))) mismatch(key, 'is a bitfield member, which the decoder cannot read; mark the field { computed: true } and fill it in the gadget');
      let listed = [...members.keys()].map((n) => printable(n, 32)).join(', ');
      if (listed.length > 120) listed = `${listed.slice(0, 120)}…`;
      mismatch(key, `has no member in the struct; members: ${listed}; mark the field { computed: true } if the gadget fills it`);
    }
    const t = m!.type ?? { kind: 'unknown', size: 0 };
    const at = `o + ${m!.offset}`;
    const type = s.type as string | undefined;
    let expr: string | undefined;
    let fast: string | undefined;
    if (type === 'integer' || type === 'number' || type === 'boolean') {
      const read = t.kind === 'int' || t.kind === 'bool' ? intRead(t.size, type === 'boolean' ? false : t.signed, at) : undefined;
      if (read) {
        inside(key, m!, t.size, true);
        expr = type === 'boolean' ? `(${read} !== 0)` : read;
        fast = type === 'boolean' ? undefined : alignedRead(t.size, t.signed, m!.offset);
        if (fast) fastAlign = Math.max(fastAlign, Math.min(t.size, 8));
      }
    } else if (type === 'bigint') {
      const read = t.kind === 'int' ? bigRead(t.size, t.signed, at) : undefined;
      if (read) {
        inside(key, m!, t.size, true);
        expr = read;
        fast = alignedBigRead(t.size, t.signed, m!.offset);
        if (fast) fastAlign = 8;
      }
    } else if (type === 'array' && ['integer', 'number', 'bigint'].includes(String((s.items as { type?: string } | undefined)?.type))) {
      // an array of integers: the member must be one, of 1, 2, 4 or 8-byte elements
      const e = t.kind === 'array' ? t.element : undefined;
      if (e?.kind === 'int' && [1, 2, 4, 8].includes(e.size) && isCount(t.count)) {
        const big = (s.items as { type?: string }).type === 'bigint';
        inside(key, m!, t.count * e.size, true);
        expr = `ints(b, ${at}, ${t.count}, ${e.size}, ${e.signed === true}, ${big})`;
      }
    } else if (type === 'string') {
      const count = charCount(t);
      if (count !== undefined) {
        inside(key, m!, count, true);
        expr = `str(b, ${at}, ${count})`;
      }
    } else if (type === 'array' && (s.items as { type?: string } | undefined)?.type === 'string') {
      const count = charCount(t);
      if (count !== undefined) {
        const sizeField = typeof s.sizeField === 'string' ? s.sizeField : undefined;
        if (sizeField) {
          const sm = find(sizeField);
          const read = sm && sm.type?.kind === 'int' ? intRead(sm.type.size, false, `o + ${sm.offset}`) : undefined;
          if (!read) mismatch(key, `names sizeField "${printable(sizeField)}", which is not an integer member of 1, 2, 4 or 8 bytes`);
          inside(key, sm!, sm!.type.size, true);
          // a variable-length tail: read what the record carries, never past the buffer
          inside(key, m!, count, false);
          expr = `strings(b, ${at}, Math.min(${count}, ${read}, b.length - (${at})))`;
        } else {
          inside(key, m!, count, true);
          expr = `strings(b, ${at}, ${count})`;
        }
      }
    }
    if (!expr) mismatch(key, `is ${printable(String(type ?? 'untyped'))} in the schema but member ${printable(m!.path)} is ${describe(t)}`);
    exprs.push(`${JSON.stringify(key)}: ${expr}`);
    fastExprs.push(`${JSON.stringify(key)}: ${fast ?? expr}`);
  }
  const truncated = (b: Buffer, o: number) =>
    new RecordTruncatedError(
      (o >>> 0) === o
        ? `a ${structName} record at offset ${o} needs ${need} bytes, only ${Math.max(0, b.length - o)} are there`
        : `${String(o)} is not a record offset in a ${b.length}-byte buffer (${structName})`,
    );
  // Generated functions read every field at a fixed offset with no lookups per
  // event; the fast one through typed-array views of an 8-aligned batch. The
  // one check per record keeps every read inside the buffer.
  const body = `
    let last = null, i8, i16, u16, i32, u32, i64, u64;
    function slow(b, o) { return { ${exprs.join(', ')} }; }
    return function decode(b, o) {
      if ((o >>> 0) !== o || o + ${need} > b.length) throw truncated(b, o);
      if ((o & ${fastAlign - 1}) !== 0) return slow(b, o);
      if (b !== last) {
        if ((b.byteOffset & 7) !== 0) return slow(b, o);
        last = b;
        const ab = b.buffer, at = b.byteOffset;
        i8 = new Int8Array(ab, at, b.length);
        i16 = new Int16Array(ab, at, b.length >> 1);
        u16 = new Uint16Array(ab, at, b.length >> 1);
        i32 = new Int32Array(ab, at, b.length >> 2);
        u32 = new Uint32Array(ab, at, b.length >> 2);
        i64 = new BigInt64Array(ab, at, b.length >> 3);
        u64 = new BigUint64Array(ab, at, b.length >> 3);
      }
      return { ${fastExprs.join(', ')} };
    };`;
  return new Function('str', 'strings', 'ints', 'truncated', body)(str, strings, ints, truncated) as Decoder<T>;
}
