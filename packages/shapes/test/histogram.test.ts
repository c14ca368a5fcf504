// Log2 histograms filled by a real program: this process reads known sizes
// from /dev/zero with pread64 at a marker offset, and the histograms the
// shape reports hold exactly those sizes in the slots bcc's tools would use.
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { Type, type HistogramResult } from '@gadgetry/sdk';
import { histogramGadget, log2Slot } from '../src/index.js';
import { FIXTURE_BUILD } from './buildFixtures.js';
import { gadgetContext } from './fixtures/gadgetContext.js';

const skip = kernelTestGate();
const OBJECT = join(FIXTURE_BUILD, 'read_sizes.bpf.o');
const MARKER_OFFSET = 0x7777;
const buffer = Buffer.alloc(1 << 20);
const fds: number[] = [];
afterEach(() => {
  for (const fd of fds.splice(0)) closeSync(fd);
});

function zeroFd(): number {
  const fd = openSync('/dev/zero', 'r');
  fds.push(fd);
  return fd;
}

const readSizes = (fd: number, sizes: number[]) => sizes.forEach((n) => readSync(fd, buffer, 0, n, MARKER_OFFSET));

interface Params {
  interval: number;
  perKey: boolean;
}

function gadget(o: { mapSizes?: Record<string, number> } = {}) {
  return histogramGadget<Params, { fd: number }>({
    name: 'read_sizes',
    object: OBJECT,
    map: 'sizes',
    key: { struct: 'read_key', schema: Type.Object({ fd: Type.Integer() }), name: 'fd', label: (k) => `fd ${k.fd}` },
    configure: (p) => ({ globals: { target_tgid: process.pid }, unit: 'bytes', intervalSeconds: p.interval, perKey: p.perKey, mapSizes: o.mapSizes }),
  });
}

/** Runs the gadget around `work`, returns the results reported while running and the one at the end. */
async function profile(params: Params, work: () => Promise<void> | void, o: { mapSizes?: Record<string, number> } = {}) {
  const g = gadget(o);
  const ctx = gadgetContext(params);
  const interim: HistogramResult[] = [];
  g.init(ctx);
  g.setResultHandler((r) => interim.push(r as HistogramResult));
  await g.start();
  try {
    await work();
    await g.stop();
  } finally {
    g.close();
  }
  return { interim, last: g.result() as HistogramResult, warnings: ctx.logged.warn };
}

/** Slot counts of a histogram, by slot number. */
const countsOf = (h: HistogramResult['histograms'][number]) => h.slots.map((s) => s.count);

describe.skipIf(skip)('histogramGadget on the running kernel', () => {
  it('puts each value in its log2 slot: 0-1, 2-3, 4-7 ... as bcc does, and adds the keys into one without per-key', async () => {
    const sizes = [1, 1, 2, 3, 4, 7, 8, 1000, 4096, 1 << 20]; // Node makes no call for a read of 0 bytes
    const { last, interim } = await profile({ interval: 0, perKey: false }, () => {
      readSizes(zeroFd(), sizes.slice(0, 5));
      readSizes(zeroFd(), sizes.slice(5));
    });
    expect(interim).toEqual([]);
    expect(last.keyName).toBeUndefined();
    expect(last.histograms).toHaveLength(1);
    const [h] = last.histograms;
    expect(h!.key).toBeUndefined();
    expect(h!.total).toBe(sizes.length);
    // slot by slot, as written by hand: 1 in slot 0, 2-3 in 1, 4-7 in 2, 8 in 3, 1000 in 9, 4096 in 12, 1 MiB in 20
    const expected = new Array<number>(21).fill(0);
    for (const [slot, n] of [[0, 2], [1, 2], [2, 2], [3, 1], [9, 1], [12, 1], [20, 1]] as const) expected[slot] = n;
    expect(countsOf(h!)).toEqual(expected);
    expect(h!.slots[9]).toEqual({ low: 512, high: 1023, count: 1 });
    expect(h!.slots[0]).toEqual({ low: 0, high: 1, count: 2 });
    expect([0, ...sizes].map(log2Slot)).toEqual([0, 0, 0, 1, 1, 2, 2, 3, 9, 12, 20]);
  });

  it('keeps one histogram per key, titled by the key, in order', async () => {
    const [a, b] = [zeroFd(), zeroFd()];
    const { last } = await profile({ interval: 0, perKey: true }, () => {
      readSizes(a, [16, 16, 16]);
      readSizes(b, [1]);
    });
    expect(last.keyName).toBe('fd');
    const byKey = Object.fromEntries(last.histograms.map((h) => [h.key, h]));
    expect(Object.keys(byKey).sort()).toEqual([`fd ${a}`, `fd ${b}`].sort());
    expect(countsOf(byKey[`fd ${a}`]!)).toEqual([0, 0, 0, 0, 3]);
    expect(countsOf(byKey[`fd ${b}`]!)).toEqual([1]);
  });

  it('with an interval, reports a result each interval, and every value lands in exactly one result', async () => {
    const fd = zeroFd();
    const rounds = 12;
    const { interim, last } = await profile({ interval: 0.03, perKey: false }, async () => {
      for (let i = 0; i < rounds; i++) {
        readSizes(fd, Array.from({ length: 100 }, (_, j) => (j % 50) + 1));
        await new Promise((r) => setTimeout(r, 10));
      }
    });
    expect(interim.length).toBeGreaterThan(2);
    const all = [...interim, last].flatMap((r) => r.histograms);
    expect(all.reduce((n, h) => n + h.total, 0)).toBe(rounds * 100);
    // per slot too: each round reads 1 to 50 twice: 1 in slot 0, 2-3 in 1, ... 32-50 in 5
    const summed = all.reduce<number[]>((acc, h) => (h.slots.forEach((s, i) => (acc[i] = (acc[i] ?? 0) + s.count)), acc), []);
    expect(summed).toEqual([1, 2, 4, 8, 16, 19].map((n) => 2 * n * rounds));
  });

  it('says how many values found no room for their key, and keeps counting the keys that fit', async () => {
    const [a, b, c] = [zeroFd(), zeroFd(), zeroFd()];
    const { last, warnings } = await profile({ interval: 0, perKey: true }, () => {
      readSizes(a, [4]);
      readSizes(b, [4, 4]);
      readSizes(c, [4, 4, 4]);
      readSizes(a, [4]);
    }, { mapSizes: { sizes_0: 2, sizes_1: 2 } });
    expect(last.histograms.map((h) => h.key)).toEqual([`fd ${a}`, `fd ${b}`]);
    expect(last.histograms.map((h) => h.total)).toEqual([2, 2]);
    expect(warnings).toEqual(['3 values not counted: the histogram map sizes has no room for more fds']);
  });

  it('reports an empty result when nothing was counted', async () => {
    const { last } = await profile({ interval: 0, perKey: true }, () => {});
    expect(last).toEqual({ type: 'histogram', unit: 'bytes', keyName: 'fd', histograms: [] });
  });
});
