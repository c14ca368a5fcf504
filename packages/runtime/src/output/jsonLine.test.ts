import fc from 'fast-check';
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { defineGadget } from '@gadgetry/sdk';
import { eventFields } from './fields.js';
import { jsonLine, jsonObject } from './jsonLine.js';
import { jsonText } from './jsonText.js';

const gadget = defineGadget({
  name: 'line',
  description: 'serializer check',
  category: 'trace',
  type: 'trace',
  params: Type.Object({}),
  event: Type.Object({
    pid: Type.Integer({ kind: 'pid' }),
    mntnsId: Type.Integer(),
    comm: Type.String({ kind: 'comm' }),
    fname: Type.String(),
    ok: Type.Boolean(),
    args: Type.Array(Type.String()),
    ts: Type.Integer({ kind: 'timestamp' }),
  }),
  instantiate: () => ({ init() {} }),
});
const fields = eventFields(gadget, [], { bootToEpochNs: () => 1_700_000_000_000_000_000n, utc: true });

// any UTF-16 unit (quotes, backslashes, control characters, lone surrogates), or mostly plain text with a few
const utf16Unit = fc.nat(0xffff).map((c) => String.fromCharCode(c));
const anyString = fc.oneof(
  fc.string({ unit: utf16Unit, maxLength: 40 }),
  fc.string({ unit: fc.oneof({ weight: 9, arbitrary: fc.constantFrom('a', '/', ' ') }, { weight: 1, arbitrary: utf16Unit }), maxLength: 40 }),
);
const plainString = fc.string({ unit: fc.constantFrom('a', '/', '.', 'é', '😀', ' ', '-'), maxLength: 40 });
const event = fc.record(
  {
    pid: fc.integer({ min: 0, max: 2 ** 31 }),
    mntnsId: fc.oneof(fc.integer({ min: 0, max: 2 ** 32 }), fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n - 1n })),
    comm: fc.oneof(anyString, plainString),
    fname: fc.oneof(anyString, plainString),
    ok: fc.boolean(),
    args: fc.array(anyString, { maxLength: 4 }),
    ts: fc.oneof(fc.integer({ min: 1, max: 2 ** 50 }), fc.bigInt({ min: 1n, max: 2n ** 63n })),
  },
  { requiredKeys: ['pid', 'ok'] },
);

describe('jsonLine, the -o json serializer', () => {
  it('writes exactly what JSON.stringify writes of the event object (BigInts exact, strings escaped)', () => {
    const line = jsonLine(fields);
    const object = jsonObject(fields);
    fc.assert(
      fc.property(event, (e) => {
        const text = line(e);
        expect(text).toBe(jsonText(object(e)));
        // and it parses back: every string as it was, every u64 digit kept
        const back = JSON.parse(text, (_k, v, ctx?: { source?: string }) => (typeof v === 'number' && ctx?.source && !Number.isSafeInteger(v) ? BigInt(ctx.source) : v)) as Record<string, unknown>;
        expect(back.fname ?? undefined).toEqual(e.fname);
        expect(back.comm ?? undefined).toEqual(e.comm);
        expect(back.mntnsId ?? undefined).toEqual(e.mntnsId);
      }),
      { numRuns: 300 },
    );
  });

  it('escapes quotes, backslashes, control characters and lone surrogates', () => {
    const line = jsonLine(fields);
    const text = line({ pid: 1, ok: true, comm: 'a"b\\c', fname: '\u001b[31m\nx', args: ['x\ud800', '\udfffy', '\u007f\u2028'] });
    expect(text).toContain('"comm":"a\\"b\\\\c"');
    expect(text).toContain('"fname":"\\u001b[31m\\nx"');
    expect(text).toContain('"args":["x\\ud800","\\udfffy","\u007f\u2028"]');
    expect(line({ pid: 1, ok: true, comm: 'x\ud800' })).toContain('"comm":"x\\ud800"');
  });
});
