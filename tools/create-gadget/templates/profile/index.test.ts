import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { collectEvents } from '@gadgetry/runtime';
import type { HistogramResult } from '@gadgetry/sdk';
import gadget from './index.js';

const skip = kernelTestGate();

describe.skipIf(skip)('__NAME__ on the running kernel', () => {
  it('counts the writes of a dd of 5 blocks of 4 KiB in the slot 4096-8191 of its histogram', async () => {
    let pid = 0;
    const { result } = await collectEvents(gadget, {
      params: { 'per-process': 'true', comm: 'dd' },
      timeoutMs: 10_000,
      onStarted: () => {
        pid = spawnSync('dd', ['if=/dev/zero', 'of=/dev/null', 'bs=4096', 'count=5', 'status=none']).pid!;
      },
      until: () => true,
    });
    expect(result.error).toBeUndefined();
    const histograms = (result.result as HistogramResult).histograms;
    const mine = histograms.find((h) => h.key === `dd [${pid}]`);
    expect(mine?.slots.find((s) => s.low === 4096)).toEqual({ low: 4096, high: 8191, count: 5 });
    expect(mine?.total).toBe(5);
  });
});
