// The --interval params the gadgets declare refuse exactly what the shapes'
// timers would refuse: the largest accepted value still makes a timer.
import { describe, expect, it } from 'vitest';
import { intervalMs } from './intervalMs.js';
import { histogramIntervalParam, tableIntervalParam } from './intervalParams.js';

describe('interval params', () => {
  it('allow up to the longest interval a timer holds, and no further', () => {
    for (const p of [tableIntervalParam, histogramIntervalParam]) {
      expect(intervalMs(p.maximum!)).toBe(2 ** 31 - 1);
      expect(() => intervalMs(p.maximum! + 0.001)).toThrow(/invalid interval/);
    }
    expect(intervalMs(tableIntervalParam.minimum!)).toBe(100);
    expect([tableIntervalParam.default, histogramIntervalParam.default]).toEqual([1, 0]);
  });
});
