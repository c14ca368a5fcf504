import { describe, expect, it } from 'vitest';
import { Type, defineGadget } from '@gadgetry/sdk';
import { collectEvents } from './collectEvents.js';
import { runGadget } from './runGadget.js';

/** A profile gadget that reports `interim` results while running, then its last one from result(). */
function profiling(interim: number, log: string[]) {
  return defineGadget({
    name: 'interim',
    description: 'reports results while running',
    category: 'profile',
    type: 'profile',
    params: Type.Object({}),
    event: Type.Object({}),
    instantiate() {
      let report: ((r: unknown) => void) | undefined;
      let timer: NodeJS.Timeout | undefined;
      let n = 0;
      return {
        init: () => void log.push('init'),
        setResultHandler(h) {
          log.push('setResultHandler');
          report = h;
        },
        start() {
          log.push('start');
          timer = setInterval(() => {
            if (n < interim) report?.({ n: n++ });
          }, 5);
        },
        stop() {
          log.push('stop');
          clearInterval(timer);
        },
        result: () => (log.push('result'), { n: 'last' }),
      };
    },
  });
}

describe('results before the end of a run', () => {
  it('reach the run, in order, after setResultHandler was called before start; the last comes from result()', async () => {
    const log: string[] = [];
    const { results, result } = await collectEvents(profiling(3, log), { until: () => false, timeoutMs: 200 });
    expect(results).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
    expect(result.result).toEqual({ n: 'last' });
    expect(log).toEqual(['init', 'setResultHandler', 'start', 'stop', 'result']);
  });

  it('a listener that throws fails the run as an output failure', async () => {
    const run = runGadget(profiling(3, []), { timeoutMs: 2000 });
    run.on('result', () => {
      throw new Error('disk full');
    });
    const result = await run.done;
    expect(result.reason).toBe('failed');
    expect(result.error?.code).toBe('OUTPUT_FAILED');
  });
});
