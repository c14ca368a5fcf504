import type { TObject, TSchema } from '@sinclair/typebox';
import type { TypeInfo } from './addon.js';
import { SchemaMismatchError } from './errors.js';

export type Decoder<T = Record<string, unknown>> = (buf: Buffer, offset: number) => T;

interface Member {
  path: string;
  offset: number;
  type: TypeInfo;
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Members by name, nested structs flattened: `proc.pid` and, when unambiguous, `pid`. */
function flatten(t: TypeInfo, base = 0, prefix = '', out = new Map<string, Member>(), short = new Map<string, Member | null>()) {
  for (const m of t.members ?? []) {
    if (m.bitfield) continue;
    const path = prefix ? `${prefix}.${m.name}` : m.name;
    const member = { path, offset: base + m.offset, type: m.type };
    out.set(path, member);
    if (prefix) short.set(m.name, short.has(m.name) ? null : member);
    if (m.type.kind === 'struct') flatten(m.type, base + m.offset, path, out, short);
  }
  return { out, short };
}

function describe(t: TypeInfo): string {
  if (t.kind === 'int') return `a ${t.size}-byte ${t.signed ? 'signed ' : ''}integer`;
  if (t.kind === 'array') return t.element?.char ? `char[${t.count}]` : `an array of ${t.count} ${describe(t.element!)}`;
  return `a ${t.kind}`;
}

/**
 * Reads through typed-array views of the batch when the member is naturally
 * aligned (what C gives every struct member), else through Buffer methods.
 * `o` is the record's offset; the views are valid when the batch is 8-aligned.
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
 * marked `computed: true` are left to the gadget. A field the struct lacks or
 * whose type disagrees is a SchemaMismatchError naming the field.
 */
export function createDecoder<T = Record<string, unknown>>(layout: TypeInfo, schema: TObject): Decoder<T> {
  const { out: members, short } = flatten(layout);
  const find = (name: string) => members.get(name) ?? short.get(name) ?? undefined;
  const exprs: string[] = [];
  const fastExprs: string[] = [];
  const structName = `struct ${layout.name ?? '?'}`;
  const mismatch = (key: string, why: string): never => {
    throw new SchemaMismatchError(key, `event field "${key}" ${why} (${structName} in the BPF object's BTF)`);
  };
  for (const [key, s] of Object.entries(schema.properties) as [string, TSchema & Record<string, unknown>][]) {
    if (s.computed === true) continue;
    const m = find(key) ?? find(snake(key));
    if (!m) {
      const names = [...members.keys()].join(', ');
      mismatch(key, `has no member in the struct; members: ${names}; mark the field { computed: true } if the gadget fills it`);
    }
    const t = m!.type;
    const at = `o + ${m!.offset}`;
    const type = s.type as string | undefined;
    let expr: string | undefined;
    let fast: string | undefined;
    if (type === 'integer' || type === 'number') {
      if (t.kind === 'int' || t.kind === 'bool') {
        expr = intRead(t.size, t.signed, at);
        fast = alignedRead(t.size, t.signed, m!.offset);
      }
    } else if (type === 'boolean') {
      if (t.kind === 'int' || t.kind === 'bool') expr = `(${intRead(t.size, false, at)} !== 0)`;
    } else if (type === 'string') {
      if (t.kind === 'array' && t.element?.char) expr = `str(b, ${at}, ${t.count})`;
    } else if (type === 'array' && (s.items as { type?: string } | undefined)?.type === 'string') {
      if (t.kind === 'array' && t.element?.char) {
        const sizeField = typeof s.sizeField === 'string' ? s.sizeField : undefined;
        let len = String(t.count);
        if (sizeField) {
          const sm = find(sizeField);
          if (!sm || sm.type.kind !== 'int') mismatch(key, `names sizeField "${sizeField}", which is not an integer member`);
          len = `Math.min(${t.count}, ${intRead(sm!.type.size, false, `o + ${sm!.offset}`)})`;
        }
        expr = `strings(b, ${at}, ${len})`;
      }
    }
    if (!expr) mismatch(key, `is ${type ?? 'untyped'} in the schema but member ${m!.path} is ${describe(t)}`);
    exprs.push(`${JSON.stringify(key)}: ${expr}`);
    fastExprs.push(`${JSON.stringify(key)}: ${fast ?? expr}`);
  }
  // Generated functions read every field at a fixed offset with no lookups per
  // event; the fast one through typed-array views of an 8-aligned batch.
  const body = `
    let last = null, i8, i16, u16, i32, u32;
    function slow(b, o) { return { ${exprs.join(', ')} }; }
    return function decode(b, o) {
      if (b !== last) {
        if ((b.byteOffset & 7) !== 0) return slow(b, o);
        last = b;
        const ab = b.buffer, at = b.byteOffset;
        i8 = new Int8Array(ab, at, b.length);
        i16 = new Int16Array(ab, at, b.length >> 1);
        u16 = new Uint16Array(ab, at, b.length >> 1);
        i32 = new Int32Array(ab, at, b.length >> 2);
        u32 = new Uint32Array(ab, at, b.length >> 2);
      }
      return { ${fastExprs.join(', ')} };
    };`;
  return new Function('str', 'strings', body)(str, strings) as Decoder<T>;
}
