import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HISTOGRAM_SLOTS, addCounts, histogramCounts, log2Histogram, log2Slot, log2SlotBounds } from './log2Histogram.js';

describe('log2 histograms', () => {
  it('each value falls within the bounds of its slot, and the slots follow each other without gap', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 46 }), (v) => {
        const { low, high } = log2SlotBounds(log2Slot(v));
        expect(low <= v && v <= high).toBe(true);
      }),
      { numRuns: 300 },
    );
    for (let i = 1; i < HISTOGRAM_SLOTS; i++) expect(log2SlotBounds(i).low).toBe(log2SlotBounds(i - 1).high + 1);
  });

  it('keeps the slots up to the last non-empty one, with their total', () => {
    expect(log2Histogram([0, 2, 0, 1, 0, 0], 'sda')).toEqual({
      key: 'sda',
      total: 3,
      slots: [
        { low: 0, high: 1, count: 0 },
        { low: 2, high: 3, count: 2 },
        { low: 4, high: 7, count: 0 },
        { low: 8, high: 15, count: 1 },
      ],
    });
    expect(log2Histogram([0, 0])).toEqual({ total: 0, slots: [] });
  });

  it('reads the u64 counts of a struct gadget_histogram and adds histograms slot by slot', () => {
    const value = Buffer.alloc(HISTOGRAM_SLOTS * 8);
    value.writeBigUInt64LE(5n, 0);
    value.writeBigUInt64LE(2n ** 40n, 8 * 47);
    const counts = histogramCounts(value);
    expect(counts).toHaveLength(HISTOGRAM_SLOTS);
    expect([counts[0], counts[1], counts[47]]).toEqual([5, 0, 2 ** 40]);
    expect(addCounts([1, 1], [2, 3, 4])).toEqual([3, 4, 4]);
  });
});
