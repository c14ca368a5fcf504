import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syscallsIn } from './syscallSets.js';

/** A struct syscall_set with these bits set, as the kernel writes it. */
function setOf(numbers: number[]): Buffer {
  const b = Buffer.alloc(128);
  for (const n of numbers) {
    const at = Math.floor(n / 64) * 8;
    b.writeBigUInt64LE(b.readBigUInt64LE(at) | (1n << BigInt(n % 64)), at);
  }
  return b;
}

describe('syscallsIn', () => {
  it('reads back every number set, in order, the word edges included', () => {
    expect(syscallsIn(setOf([0, 31, 32, 63, 64, 257, 1023]))).toEqual([0, 31, 32, 63, 64, 257, 1023]);
    expect(syscallsIn(Buffer.alloc(128))).toEqual([]);
  });

  it('any set of numbers below 1024 round-trips', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 1023 }), { maxLength: 200 }), (numbers) => {
        expect(syscallsIn(setOf(numbers))).toEqual([...numbers].sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });
});
