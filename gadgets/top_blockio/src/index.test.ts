// Direct I/O to a loop device this test attaches, by two dd processes: each
// has its row for that disk with exactly its requests and bytes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kernelTestGate, simulateKernel } from '@gadgetry/native-bpf';
import { collectEvents } from '@gadgetry/runtime';
import builtinOperators from '@gadgetry/operators';
import topBlockio, { type TopBlockioEvent } from './index.js';
import { loopDevice, type LoopDevice } from '../../../packages/shapes/test/fixtures/loopDevice.js';

const skip = kernelTestGate();
let disk: LoopDevice;
beforeAll(() => {
  if (!skip) disk = loopDevice();
});
afterAll(() => disk?.detach());

/** Runs top_blockio while `work` runs, then two more intervals; every row of the loop device. */
async function rowsOfLoop(params: Record<string, string>, work: () => Promise<unknown>) {
  let finished = false;
  const { tables, result } = await collectEvents<TopBlockioEvent>(topBlockio, {
    params: { interval: '0.2', ...params },
    operators: builtinOperators,
    timeoutMs: 20_000,
    onStarted: async () => {
      await work();
      // five intervals: at least two tables even when timers run late on a loaded machine
      await new Promise((r) => setTimeout(r, 1_000));
      finished = true;
    },
    until: () => finished,
  });
  expect(result.error).toBeUndefined();
  expect(tables.length).toBeGreaterThanOrEqual(2);
  return tables.flat().filter((r) => r.disk === disk.name);
}

/** Rows of one pid added together: a request lands in exactly one interval's table. */
function summed(rows: TopBlockioEvent[], pid: number) {
  const mine = rows.filter((r) => r.pid === pid);
  return {
    rows: mine.length,
    reads: mine.reduce((n, r) => n + r.reads, 0),
    writes: mine.reduce((n, r) => n + r.writes, 0),
    rbytes: mine.reduce((n, r) => n + r.rbytes, 0),
    wbytes: mine.reduce((n, r) => n + r.wbytes, 0),
  };
}

describe.skipIf(skip)('top_blockio on the running kernel', () => {
  it('counts each process\'s requests and bytes on the disk it made them to, with their average latency', async () => {
    let writer = 0;
    let reader = 0;
    const rows = await rowsOfLoop({}, async () => {
      writer = await disk.write(8);
      reader = await disk.read(3);
    });
    expect(summed(rows, writer)).toMatchObject({ reads: 0, writes: 8, rbytes: 0, wbytes: 8 * 4096 });
    expect(summed(rows, reader)).toMatchObject({ reads: 3, writes: 0, rbytes: 3 * 4096, wbytes: 0 });
    const row = rows.find((r) => r.pid === writer)!;
    expect(row).toMatchObject({ comm: 'dd', uid: 0 });
    expect(`${row.major}:${row.minor}`).toBe(disk.majorMinor);
    expect(row.avgLatency).toBeGreaterThan(0);
    expect(row.avgLatency).toBe(Math.round(row.latencyNs / (row.reads + row.writes)));
  });

  it('--comm keeps only the named processes, in the kernel', async () => {
    let writer = 0;
    const rows = await rowsOfLoop({ comm: 'nothing-here' }, async () => (writer = await disk.write(2)));
    expect(summed(rows, writer).rows).toBe(0);
    const kept = await rowsOfLoop({ comm: 'dd' }, async () => (writer = await disk.write(2)));
    expect(summed(kept, writer)).toMatchObject({ writes: 2, wbytes: 8192 });
  });
});

describe.skipIf(skip)('top_blockio on a kernel without its hooks', () => {
  it('is refused before anything is loaded, with one line naming the tracepoint and the Linux that brought it', async () => {
    const undo = simulateKernel({ missingHooks: ['tp_btf/block_io_start'] });
    try {
      const { result } = await collectEvents(topBlockio, { params: {}, timeoutMs: 5_000 });
      expect(result.error?.code).toBe('BPF_HOOK_MISSING');
      expect(result.error?.message).toMatch(/block_io_start/);
      expect(result.error?.message).toMatch(/6\.5/);
      expect(result.error?.message).not.toMatch(/\n/);
    } finally {
      undo();
    }
  });
});
