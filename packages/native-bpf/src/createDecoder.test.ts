import fc from 'fast-check';
import { Type, type TObject, type TSchema } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import type { TypeInfo } from './addon.js';
import { createDecoder } from './createDecoder.js';
import { BpfError, RecordTruncatedError, SchemaMismatchError } from './errors.js';

// Names shared by struct members and schema fields, so random pairs often agree.
const NAMES = ['pid', 'tid', 'comm', 'value', 'flag', 'args', 'args_size', 'note', 'proc', 'inner', 'x'];
const name = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...NAMES) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'we\nird\u001b', '') },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);
/** Nonsense offsets, next to the realistic ones the layouts mostly get. */
const badOffset = fc.constantFrom(-8, -1, 0.5, 1e9, Number.NaN, 200);

const intType = fc.record({
  kind: fc.constantFrom('int' as const, 'bool' as const),
  size: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(1, 2, 4, 8) }, { weight: 1, arbitrary: fc.constantFrom(0, 3, 16, -4) }),
  signed: fc.boolean(),
});
const charArray = fc.nat(80).chain((count) =>
  fc.record({
    kind: fc.constant('array' as const),
    count: fc.oneof({ weight: 8, arbitrary: fc.constant(count) }, { weight: 1, arbitrary: fc.constantFrom(-1, 1e9) }),
    size: fc.oneof({ weight: 8, arbitrary: fc.constant(count) }, { weight: 1, arbitrary: fc.nat(100) }),
    element: fc.oneof({ weight: 8, arbitrary: fc.constant({ kind: 'int' as const, size: 1, char: true }) }, { weight: 1, arbitrary: fc.constant({ kind: 'int' as const, size: 2, char: true }) }),
  }),
);
const intArray = fc.record({
  kind: fc.constant('array' as const),
  count: fc.nat(6),
  element: fc.record({ kind: fc.constant('int' as const), size: fc.constantFrom(1, 2, 4, 8), signed: fc.boolean() }),
}).map((t) => ({ ...t, size: t.count * t.element.size }));
const otherType = fc.record({ kind: fc.constantFrom('other' as const, 'union' as const, 'unknown' as const, 'array' as const), size: fc.nat(16) });

/** A struct whose members mostly follow each other as a C compiler lays them out, sometimes not. */
function struct(depth: number, minMembers = 0): fc.Arbitrary<TypeInfo> {
  const leaf = fc.oneof({ weight: 4, arbitrary: intType }, { weight: 3, arbitrary: charArray }, { weight: 1, arbitrary: intArray }, { weight: 1, arbitrary: otherType }) as fc.Arbitrary<TypeInfo>;
  const memberType = depth > 0 ? fc.oneof({ weight: 5, arbitrary: leaf }, { weight: 1, arbitrary: struct(depth - 1) }) : leaf;
  const member = fc.record({
    name,
    bitfield: fc.oneof({ weight: 12, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(7) }),
    type: memberType,
    misplaced: fc.oneof({ weight: 15, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: badOffset }),
  });
  return fc.uniqueArray(member, { minLength: minMembers, maxLength: 6, selector: (m) => m.name }).chain((ms) => {
    let end = 0;
    const members = ms.map(({ misplaced, ...m }) => {
      const size = Math.max(0, Number.isFinite(m.type.size) ? m.type.size : 0);
      const align = [8, 4, 2].find((a) => size % a === 0) ?? 1;
      if (misplaced !== null) return { ...m, offset: misplaced };
      const offset = Math.ceil(end / align) * align;
      end = offset + size;
      return { ...m, offset };
    });
    return fc.record({
      kind: fc.constant('struct' as const),
      name: fc.constant('event'),
      members: fc.constant(members),
      size: fc.oneof({ weight: 6, arbitrary: fc.constant(Math.ceil(end / 8) * 8) }, { weight: 1, arbitrary: fc.nat(120) }),
    }) as fc.Arbitrary<TypeInfo>;
  });
}

const otherSchema: fc.Arbitrary<TSchema> = fc.oneof(
  fc.constant(Type.Integer()),
  fc.constant(Type.BigInt()),
  fc.constant(Type.Array(Type.Integer())),
  fc.constant(Type.Boolean()),
  fc.constant(Type.String()),
  fc.constant(Type.String({ computed: true })),
  name.map((sizeField) => Type.Array(Type.String(), { sizeField })),
  fc.constant(Type.Array(Type.String())),
  fc.constant(Type.Null()),
  fc.constant(Type.Object({})),
);

/** Leaf members of a layout by the names a schema can use for them. */
function leaves(t: TypeInfo, out: { name: string; type: TypeInfo }[] = []): { name: string; type: TypeInfo }[] {
  for (const m of t.members ?? []) {
    if (m.type.kind === 'struct') leaves(m.type, out);
    out.push({ name: m.name, type: m.type });
  }
  return out;
}
const camel = (n: string) => n.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** A schema that mostly asks the layout for what it has, in types that fit, with some misfits. */
function schemaFor(l: TypeInfo): fc.Arbitrary<TObject> {
  const all = leaves(l);
  const ints = all.filter((m) => m.type.kind === 'int').map((m) => m.name);
  const fitting = (t: TypeInfo): fc.Arbitrary<TSchema> => {
    if (t.kind === 'int' || t.kind === 'bool') return fc.constantFrom<TSchema>(Type.Integer(), Type.Number(), Type.Boolean(), Type.BigInt());
    if (t.kind === 'array' && !t.element?.char) return fc.constantFrom<TSchema>(Type.Array(Type.Integer()), Type.Array(Type.BigInt()));
    if (t.kind === 'array') {
      const tails = ints.length ? [fc.constantFrom(...ints).map((sizeField) => Type.Array(Type.String(), { sizeField }) as TSchema)] : [];
      return fc.oneof(fc.constant(Type.String() as TSchema), fc.constant(Type.Array(Type.String()) as TSchema), ...tails);
    }
    return otherSchema;
  };
  const field = all.length
    ? fc.oneof(
        { weight: 12, arbitrary: fc.constantFrom(...all).chain((m) => fc.tuple(fc.constantFrom(m.name, camel(m.name)), fc.oneof({ weight: 12, arbitrary: fitting(m.type) }, { weight: 1, arbitrary: otherSchema }))) },
        { weight: 1, arbitrary: fc.tuple(name, otherSchema) },
      )
    : fc.tuple(name, otherSchema);
  return fc.array(field, { maxLength: 5 }).map((fields) => Type.Object(Object.fromEntries(fields)) as TObject);
}

/** A layout, a schema for it, and a buffer holding one record at `at`: mostly whole, sometimes cut short. */
const cases = struct(2, 1).chain((l) =>
  fc.record({
    l: fc.constant(l),
    s: schemaFor(l),
    at: fc.oneof({ weight: 8, arbitrary: fc.nat(24) }, { weight: 1, arbitrary: fc.constantFrom(-4, 0.5, 1e6) }),
    length: fc.oneof({ weight: 4, arbitrary: fc.nat(16).map((extra) => (Number.isSafeInteger(l.size) ? Math.min(l.size, 4096) : 0) + extra) }, { weight: 1, arbitrary: fc.nat(200) }),
  }).chain(({ at, length, ...rest }) =>
    // the record sits at `at` (when that is a plausible offset) after filler bytes
    fc.uint8Array({ minLength: length, maxLength: length }).map((record) => {
      const pad = Number.isSafeInteger(at) && at >= 0 && at < 64 ? at : 0;
      const bytes = new Uint8Array(pad + record.length);
      bytes.fill(0xa5, 0, pad);
      bytes.set(record, pad);
      return { ...rest, at, bytes };
    }),
  ),
);

/** `bytes` copied into a fresh buffer starting at `shift` bytes into its memory (0 gives the aligned fast path). */
function placed(bytes: Uint8Array, shift: number): Buffer {
  const pool = Buffer.alloc(bytes.length + 16, 0xee);
  pool.set(bytes, shift);
  return pool.subarray(shift, shift + bytes.length);
}

function expectOneLine(err: Error): void {
  expect(err.message).not.toMatch(/[\n\r\u001b]/);
  expect(err.message.length).toBeLessThan(400);
}

describe('createDecoder under random struct layouts, schemas and bytes (fast-check)', () => {
  it('builds a decoder or refuses with one line naming the field; decoding reads only the record, or refuses a short one', () => {
    fc.assert(
      fc.property(cases, ({ l, s, bytes, at }) => {
        let decode;
        try {
          decode = createDecoder(l, s);
        } catch (err) {
          expect(err).toBeInstanceOf(SchemaMismatchError);
          const e = err as SchemaMismatchError;
          expectOneLine(e);
          expect(Object.keys(s.properties)).toContain(e.field);
          expect(e.message).toMatch(/^event field "/);
          return;
        }
        const results: unknown[] = [];
        for (const shift of [0, 1]) {
          const buf = placed(bytes, shift);
          try {
            results.push(decode(buf, at));
          } catch (err) {
            // anything else (RangeError from a Buffer read, TypeError) is a decoder bug
            expect(err).toBeInstanceOf(RecordTruncatedError);
            expectOneLine(err as Error);
            results.push('refused');
          }
        }
        // the typed-array fast path and the Buffer path agree
        expect(results[1]).toEqual(results[0]);
        if (results[0] === 'refused') {
          // only a bad offset or a record shorter than the struct is refused
          expect(Number.isSafeInteger(at) && at >= 0 && at + l.size <= bytes.length).toBe(false);
          return;
        }
        const event = results[0] as Record<string, unknown>;
        for (const [key, f] of Object.entries(s.properties) as [string, TSchema & { computed?: boolean }][]) {
          if (f.computed) continue;
          const v = event[key];
          if (f.type === 'integer' || f.type === 'number') expect(Number.isFinite(v)).toBe(true);
          else if (f.type === 'boolean') expect(typeof v).toBe('boolean');
          else if (f.type === 'string') expect(typeof v).toBe('string');
          else if (f.type === 'bigint') expect(typeof v).toBe('bigint');
          else expect(Array.isArray(v)).toBe(true);
        }
        // bytes outside the struct's extent never change the result
        const scribbled = Uint8Array.from(bytes, (b, i) => (i >= at && i < at + l.size ? b : b ^ 0xff));
        expect(decode(placed(scribbled, 0), at)).toEqual(event);
      }),
      { numRuns: 300 },
    );
  });

  it('reads 64-bit members past 2^53 exactly as BigInts, and integer arrays', () => {
    const u64 = { kind: 'int' as const, size: 8, signed: false };
    const l: TypeInfo = {
      kind: 'struct',
      name: 'event',
      size: 48,
      members: [
        { name: 'inode', offset: 0, bitfield: 0, type: u64 },
        { name: 'delta', offset: 8, bitfield: 0, type: { kind: 'int', size: 8, signed: true } },
        { name: 'small', offset: 16, bitfield: 0, type: { kind: 'int', size: 4, signed: false } },
        { name: 'ports', offset: 20, bitfield: 0, type: { kind: 'array', size: 4, count: 2, element: { kind: 'int', size: 2, signed: false } } },
        { name: 'ids', offset: 24, bitfield: 0, type: { kind: 'array', size: 16, count: 2, element: u64 } },
        { name: 'deltas', offset: 40, bitfield: 0, type: { kind: 'array', size: 8, count: 2, element: { kind: 'int', size: 4, signed: true } } },
      ],
    };
    const decode = createDecoder(
      l,
      Type.Object({ inode: Type.BigInt(), delta: Type.BigInt(), small: Type.BigInt(), ports: Type.Array(Type.Integer()), ids: Type.Array(Type.BigInt()), deltas: Type.Array(Type.Integer()) }),
    );
    const b = Buffer.alloc(48);
    b.writeBigUInt64LE(18446744073709551615n, 0);
    b.writeBigInt64LE(-9007199254740993n, 8);
    b.writeUInt32LE(7, 16);
    b.writeUInt16LE(80, 20);
    b.writeUInt16LE(65535, 22);
    b.writeBigUInt64LE(9007199254740993n, 24);
    b.writeBigUInt64LE(1n, 32);
    b.writeInt32LE(-5, 40);
    b.writeInt32LE(5, 44);
    const want = { inode: 18446744073709551615n, delta: -9007199254740993n, small: 7n, ports: [80, 65535], ids: [9007199254740993n, 1n], deltas: [-5, 5] };
    expect(decode(b, 0)).toEqual(want); // the typed-array path
    expect(decode(placed(b, 1), 0)).toEqual(want); // the Buffer path
    expect(() => createDecoder(l, Type.Object({ ports: Type.Array(Type.String()) }))).toThrow(/event field "ports" is array in the schema but member ports is an array of 2 2-byte integers/);
  });

  it('refuses a record shorter than the struct, naming the struct and both lengths', () => {
    const l: TypeInfo = { kind: 'struct', name: 'event', size: 16, members: [{ name: 'pid', offset: 12, bitfield: 0, type: { kind: 'int', size: 4 } }] };
    const decode = createDecoder(l, Type.Object({ pid: Type.Integer() }));
    expect(decode(Buffer.alloc(16, 1), 0)).toEqual({ pid: 0x01010101 });
    expect(() => decode(Buffer.alloc(15), 0)).toThrow(RecordTruncatedError);
    expect(() => decode(Buffer.alloc(15), 0)).toThrow('a struct event record at offset 0 needs 16 bytes, only 15 are there');
    expect(() => decode(Buffer.alloc(32), 17)).toThrow(/at offset 17 needs 16 bytes, only 15 are there/);
    expect(() => decode(Buffer.alloc(15), 0)).toThrow(BpfError);
  });

  it('reads a variable-length char array only up to the end of the buffer', () => {
    const l: TypeInfo = {
      kind: 'struct',
      name: 'event',
      size: 72,
      members: [
        { name: 'args_size', offset: 0, bitfield: 0, type: { kind: 'int', size: 4 } },
        { name: 'args', offset: 8, bitfield: 0, type: { kind: 'array', size: 64, count: 64, element: { kind: 'int', size: 1, char: true } } },
      ],
    };
    const decode = createDecoder(l, Type.Object({ args: Type.Array(Type.String(), { sizeField: 'args_size' }) }));
    const short = Buffer.alloc(8 + 7);
    short.writeUInt32LE(64, 0); // claims 64 bytes, the record carries 7
    short.write('ab\0cde\0', 8);
    expect(decode(short, 0)).toEqual({ args: ['ab', 'cde'] });
  });

  it('refuses a member that lies outside the struct, and a sizeField that cannot be read', () => {
    const outside: TypeInfo = { kind: 'struct', name: 'event', size: 8, members: [{ name: 'pid', offset: 6, bitfield: 0, type: { kind: 'int', size: 4 } }] };
    expect(() => createDecoder(outside, Type.Object({ pid: Type.Integer() }))).toThrow(
      'event field "pid" is member pid at bytes 6 to 10, past the end of the 8-byte struct (struct event in the BPF object\'s BTF)',
    );
    const wide: TypeInfo = {
      kind: 'struct',
      name: 'event',
      size: 32,
      members: [
        { name: 'n', offset: 0, bitfield: 0, type: { kind: 'int', size: 16 } },
        { name: 'args', offset: 16, bitfield: 0, type: { kind: 'array', size: 16, count: 16, element: { kind: 'int', size: 1, char: true } } },
      ],
    };
    expect(() => createDecoder(wide, Type.Object({ args: Type.Array(Type.String(), { sizeField: 'n' }) }))).toThrow(/event field "args" names sizeField "n", which is not an integer member of 1, 2, 4 or 8 bytes/);
    const odd: TypeInfo = { kind: 'struct', name: 'event', size: 4, members: [{ name: 'on', offset: 0, bitfield: 0, type: { kind: 'bool', size: 3 } }] };
    expect(() => createDecoder(odd, Type.Object({ on: Type.Boolean() }))).toThrow(/event field "on" is boolean in the schema but member on is a 3-byte integer/);
  });
});
