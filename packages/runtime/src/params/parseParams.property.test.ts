import fc from 'fast-check';
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { ParamInvalidError } from '../errors.js';
import { defineGadget } from '@gadgetry/sdk';
import builtinOperators from '@gadgetry/operators';
import { parseParams } from './parseParams.js';
import { resolveRunParams } from './resolveRunParams.js';
import { RAW_CONTROL, nastyString } from '../../test/fixtures/nastyStrings.js';

const schema = Type.Object({
  count: Type.Integer({ default: 1, minimum: 1, maximum: 2147483647 }),
  offset: Type.Integer({ default: 0 }),
  interval: Type.Number({ default: 1, minimum: 0.1, maximum: 2147483.647 }),
  failed: Type.Boolean({ default: false }),
  mode: Type.Union([Type.Literal('fast'), Type.Literal('slow')], { default: 'fast' }),
  comm: Type.Optional(Type.String()),
  pids: Type.Array(Type.Integer({ minimum: 0 }), { default: [] }),
});
const KNOWN = ['count', 'offset', 'interval', 'failed', 'mode', 'comm', 'pids'];
// the longest refusal: the known params listed after an 80-character name, or a long value
const MESSAGE_MAX = 300;

const anyValue = fc.oneof(
  nastyString,
  fc.stringMatching(/^[+-]?\d{0,25}(\.\d{0,5})?([eE][+-]?\d{1,3})?$/),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.integer(), nastyString), { maxLength: 4 }),
  fc.object({ maxDepth: 1 }),
);
const anyName = fc.oneof(fc.constantFrom(...KNOWN), nastyString, fc.string({ unit: 'binary', minLength: 60, maxLength: 300 }));

/** Calls parseParams; returns the refusal, failing the property on anything but ParamInvalidError. */
function refusal(raw: Record<string, unknown>): ParamInvalidError | undefined {
  try {
    parseParams(schema, raw, 'gadget "g"');
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(ParamInvalidError);
    return err as ParamInvalidError;
  }
}

describe('parseParams, property-based', () => {
  it('never throws anything but one bounded line of ParamInvalidError', () => {
    fc.assert(
      fc.property(fc.dictionary(anyName, anyValue, { maxKeys: 4 }), (raw) => {
        const err = refusal(raw);
        if (!err) return;
        expect(err.message).not.toMatch(RAW_CONTROL);
        expect(err.message.length).toBeLessThanOrEqual(MESSAGE_MAX);
      }),
      { numRuns: 300 },
    );
  });

  it('gives back exactly the integer that was written, or refuses it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2147483647 }), fc.maxSafeInteger(), fc.constantFrom('', '+', '0', '00'), (count, offset, prefix) => {
        const sign = prefix === '+' ? '+' : '';
        const zeros = prefix.startsWith('0') ? prefix : '';
        const p = parseParams<{ count: number; offset: number }>(schema, { count: `${sign}${zeros}${count}`, offset: String(offset) }, 'g');
        expect(p.count).toBe(count);
        expect(p.offset).toBe(offset);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses every integer text that is not plain decimal digits', () => {
    fc.assert(
      fc.property(nastyString.filter((s) => !/^[+-]?\d+$/.test(s)), (text) => {
        expect(refusal({ offset: text })?.message).toMatch(/^invalid value .* for --offset of gadget "g": expected integer$/);
      }),
      { numRuns: 300 },
    );
  });

  it('reads decimal numbers exactly and refuses exponents', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 2147483.647, noNaN: true }), (n) => {
        expect(parseParams<{ interval: number }>(schema, { interval: String(n) }, 'g').interval).toBe(n);
        // "1e3" must never be read as 1 (or as anything): exponents are refused
        expect(refusal({ interval: n.toExponential() })?.message).toMatch(/expected number \(0\.1\.\.2147483\.647\)$/);
      }),
      { numRuns: 300 },
    );
  });

  it('splitting params between a gadget and the built-in operators refuses only with one bounded line', () => {
    const gadget = defineGadget({
      name: 'g',
      description: 'params of every kind',
      category: 'snapshot',
      type: 'one-shot',
      params: schema,
      event: Type.Object({ pid: Type.Integer({ kind: 'pid' }), uid: Type.Integer({ kind: 'uid' }), mntnsId: Type.Integer({ kind: 'mntns' }) }),
      instantiate: () => ({ init() {} }),
    });
    const operators = builtinOperators.filter((o) => o.canOperateOn(gadget));
    const name = fc.oneof(anyName, fc.constantFrom('filter', 'sort', 'max-rows', 'maxRows', 'containername', 'host'));
    fc.assert(
      fc.property(fc.dictionary(name, anyValue, { maxKeys: 4 }), (raw) => {
        try {
          resolveRunParams(gadget, operators, raw);
        } catch (err) {
          expect(err).toBeInstanceOf(ParamInvalidError);
          expect((err as Error).message).not.toMatch(RAW_CONTROL);
          expect((err as Error).message.length).toBeLessThanOrEqual(MESSAGE_MAX + 200);
        }
      }),
      { numRuns: 300 },
    );
  });
});
