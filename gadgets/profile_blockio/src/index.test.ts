// Direct I/O to a loop device this test attaches: every request it makes is
// one completed request in the histogram of that disk.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kernelTestGate, simulateKernel } from '@gadgetry/native-bpf';
import { collectEvents } from '@gadgetry/runtime';
import type { Histogram, HistogramResult } from '@gadgetry/sdk';
import profileBlockio from './index.js';
import { loopDevice, type LoopDevice } from '../../../packages/shapes/test/fixtures/loopDevice.js';

const skip = kernelTestGate();
let disk: LoopDevice;
beforeAll(() => {
  if (!skip) disk = loopDevice();
});
afterAll(() => disk?.detach());

/** Runs profile_blockio while `work` runs; its results while running and at the end. */
async function profile(params: Record<string, string>, work: () => Promise<unknown>) {
  const { result, results, logs } = await collectEvents(profileBlockio, { params, timeoutMs: 20_000, onStarted: work, until: () => true });
  expect(result.error).toBeUndefined();
  return { last: result.result as HistogramResult, interim: results as HistogramResult[], logs };
}

/** Slots in ascending order, each starting right after the one before, adding up to the total. */
function expectWellFormed(h: Histogram): void {
  h.slots.forEach((s, i) => {
    expect(s.low).toBe(i === 0 ? 0 : 2 ** i);
    expect(s.high).toBe(2 ** (i + 1) - 1);
  });
  expect(h.slots.reduce((n, s) => n + s.count, 0)).toBe(h.total);
  if (h.slots.length) expect(h.slots.at(-1)!.count).toBeGreaterThan(0);
}

describe.skipIf(skip)('profile_blockio on the running kernel', () => {
  it('--per-disk: the loop device has a histogram of exactly the requests made to it', async () => {
    const { last } = await profile({ 'per-disk': 'true' }, async () => {
      await disk.write(8);
      await disk.read(4);
    });
    expect(last).toMatchObject({ type: 'histogram', unit: 'usecs', keyName: 'disk' });
    const mine = last.histograms.find((h) => h.key === disk.name);
    expect(mine, JSON.stringify(last.histograms.map((h) => h.key))).toBeDefined();
    expect(mine!.total).toBe(12);
    for (const h of last.histograms) expectWellFormed(h);
    expect(new Set(last.histograms.map((h) => h.key)).size).toBe(last.histograms.length);
  });

  it('without --per-disk, one histogram of every disk, holding at least these requests', async () => {
    const { last } = await profile({}, () => disk.write(5));
    expect(last.keyName).toBeUndefined();
    expect(last.histograms).toHaveLength(1);
    expect(last.histograms[0]!.key).toBeUndefined();
    expect(last.histograms[0]!.total).toBeGreaterThanOrEqual(5);
    expectWellFormed(last.histograms[0]!);
  });

  it('--interval: a histogram each interval, and every request in exactly one of them', async () => {
    const { interim, last } = await profile({ 'per-disk': 'true', interval: '0.2' }, async () => {
      await disk.write(3);
      await new Promise((r) => setTimeout(r, 500));
      await disk.read(6);
      await new Promise((r) => setTimeout(r, 300));
    });
    expect(interim.length).toBeGreaterThanOrEqual(3);
    const totals = [...interim, last].map((r) => r.histograms.find((h) => h.key === disk.name)?.total ?? 0);
    expect(totals.reduce((a, b) => a + b, 0)).toBe(9);
    expect(totals.filter((t) => t > 0).length).toBeGreaterThanOrEqual(2); // the two bursts were in different intervals
  });

  it('--milliseconds and --queued: the unit says msecs, and queued requests are counted once each', async () => {
    const { last } = await profile({ 'per-disk': 'true', milliseconds: 'true', queued: 'true' }, () => disk.read(7));
    expect(last.unit).toBe('msecs');
    expect(last.histograms.find((h) => h.key === disk.name)?.total).toBe(7);
  });
});

describe.skipIf(skip)('profile_blockio on a kernel without its hooks', () => {
  it('is refused with one line naming the raw tracepoint it needs', async () => {
    const undo = simulateKernel({ missingHooks: ['raw_tp/block_rq_complete'] });
    try {
      const { result } = await collectEvents(profileBlockio, { params: {}, timeoutMs: 5_000 });
      expect(result.error?.code).toBe('BPF_HOOK_MISSING');
      expect(result.error?.message).toMatch(/raw tracepoint block_rq_complete does not exist on this kernel/);
    } finally {
      undo();
    }
  });

  it('needs the insertion hook only with --queued', async () => {
    const undo = simulateKernel({ missingHooks: ['raw_tp/block_rq_insert'] });
    try {
      const plain = await profile({ 'per-disk': 'true' }, () => disk.write(2));
      expect(plain.last.histograms.find((h) => h.key === disk.name)?.total).toBe(2);
      const { result } = await collectEvents(profileBlockio, { params: { queued: 'true' }, timeoutMs: 5_000 });
      expect(result.error?.message).toMatch(/block_rq_insert/);
    } finally {
      undo();
    }
  });
});
