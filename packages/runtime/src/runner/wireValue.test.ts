import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromWire, toWire } from './wireValue.js';

// Values events hold: JSON values, BigInts (u64 fields), and objects whose keys look like the tags.
const eventValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
    fc.string(),
    fc.bigInt({ min: -(1n << 64n), max: 1n << 64n }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('$bigint', '$object')), tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
})).value;

describe('wire values', () => {
  it('carry every event value, BigInts and tag-like keys included, through JSON exactly', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), eventValue, { maxKeys: 6, noNullPrototype: true }), (event) => {
        const text = JSON.stringify(toWire(event));
        expect(fromWire(JSON.parse(text))).toStrictEqual(event);
      }),
      { numRuns: 300 },
    );
  });

  it('write a u64 beyond 2^53 with all its digits', () => {
    const big = 18446744073709551615n;
    expect(JSON.stringify(toWire({ bytes: big }))).toBe('{"bytes":{"$bigint":"18446744073709551615"}}');
    expect(fromWire(JSON.parse(JSON.stringify(toWire({ bytes: big }))))).toStrictEqual({ bytes: big });
  });

  it('keep an event object that has a $bigint key of its own apart from a BigInt', () => {
    const event = { meta: { $bigint: '5' } };
    expect(fromWire(JSON.parse(JSON.stringify(toWire(event))))).toStrictEqual(event);
  });
});
