import { describe, expect, it } from 'vitest';
import { runGadget } from '../lifecycle/runGadget.js';
import { recordingGadget } from '../../test/fixtures/recordingGadget.js';
import { MAX_TIMER_MS, checkTimeoutMs } from './timerLimits.js';

describe('timeoutMs limits', () => {
  it('accepts no timeout and 1 ms up to what a Node timer holds', () => {
    for (const ok of [undefined, 0, 1, 1.5, 5000, MAX_TIMER_MS]) expect(() => checkTimeoutMs(ok), String(ok)).not.toThrow();
  });

  it('refuses values a timer would overflow, round to "no timeout", or cannot use', () => {
    for (const bad of [1e10, MAX_TIMER_MS + 1, 0.5, -1, Number.NaN, Number.POSITIVE_INFINITY, '5000']) {
      expect(() => checkTimeoutMs(bad), String(bad)).toThrow(/^invalid timeoutMs .*: expected 0 \(no timeout\) or milliseconds from 1 to 2147483647$/);
    }
  });

  it('runGadget refuses such a timeoutMs before any lifecycle step, instead of ending the run at once', () => {
    const log: string[] = [];
    const gadget = recordingGadget({ type: 'trace', log });
    for (const timeoutMs of [1e10, 0.4]) {
      let err: unknown;
      try {
        runGadget(gadget, { timeoutMs });
      } catch (e) {
        err = e;
      }
      expect((err as { code?: string } | undefined)?.code, String(timeoutMs)).toBe('PARAM_INVALID');
    }
    expect(log).toEqual([]);
  });
});
