import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SHOWN_INPUT_MAX, clipInput, quoteInput } from './quoteInput.js';
import { RAW_CONTROL, nastyString } from '../test/nastyStrings.js';

describe('quoteInput', () => {
  it('shows at most 80 characters of a long value, then … and its length', () => {
    const long = `${'a'.repeat(100_000)}`;
    expect(quoteInput(long)).toBe(`"${'a'.repeat(SHOWN_INPUT_MAX)}…" (100000 characters)`);
    expect(clipInput(long)).toBe(`${'a'.repeat(SHOWN_INPUT_MAX)}… (100000 characters)`);
    expect(quoteInput('short')).toBe('"short"');
  });

  it('cuts between escapes, never inside one', () => {
    const q = quoteInput('\x1b'.repeat(50));
    expect(q).toBe(`"${'\\x1b'.repeat(20)}…" (50 characters)`);
  });

  it('is one bounded line for any input', () => {
    fc.assert(
      fc.property(fc.oneof(nastyString, fc.string({ unit: 'binary', minLength: 70, maxLength: 400 })), (s) => {
        const q = quoteInput(s);
        expect(q).not.toMatch(RAW_CONTROL);
        expect(q.length).toBeLessThanOrEqual(SHOWN_INPUT_MAX + 40);
      }),
      { numRuns: 300 },
    );
  });
});
