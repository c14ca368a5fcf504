import fc from 'fast-check';
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { OperatorParamError } from './OperatorParamError.js';
import { parseFilter } from './parseFilter.js';

const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|[\ud800-\udfff]/u;
const fields = Type.Object({ pid: Type.Integer(), comm: Type.String(), args: Type.Array(Type.String()), ok: Type.Boolean() }).properties;

// pieces of the filter grammar mixed with what an attacker would type
const piece = fc.oneof(
  fc.constantFrom('pid', 'comm', 'args', 'ok', 'user', ':', ',', '!', '~', '>', '>=', '<', '<=', '!~', ' ', '(', '[', '*', '\\', '1', '-2.5', 'bash'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 2 }),
  fc.constantFrom('\n', '\x1b[2J', '\u202e', '\u2028', '\x9b', '\ud800'),
);
const expression = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));
const row = fc.record(
  { pid: fc.oneof(fc.integer(), fc.double()), comm: fc.string({ unit: 'binary' }), args: fc.array(fc.string()), ok: fc.boolean() },
  { requiredKeys: [] },
);

describe('parseFilter, property-based', () => {
  it('gives a predicate that never throws, or one bounded line of OperatorParamError', () => {
    fc.assert(
      fc.property(fc.oneof(expression, fc.string({ unit: 'binary', maxLength: 300 })), fc.array(row, { maxLength: 3 }), (expr, rows) => {
        let keep: ((r: Record<string, unknown>) => boolean) | undefined;
        try {
          keep = parseFilter(expr, fields);
        } catch (err) {
          expect(err).toBeInstanceOf(OperatorParamError);
          const message = (err as Error).message;
          expect(message).not.toMatch(RAW_CONTROL);
          expect(message.length).toBeLessThanOrEqual(400);
          return;
        }
        for (const r of rows) expect(typeof keep(r)).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });
});
