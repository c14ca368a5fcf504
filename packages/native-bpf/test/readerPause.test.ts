import { execFileSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Collection, PerfBufferReader, RingBufferReader, kernelTestGate, prepareKernel } from '../src/index.js';
import { FIXTURE_BUILD } from './buildFixtures.js';

const skip = kernelTestGate();
const PROBE = join(FIXTURE_BUILD, 'probe.bpf.o');

/** getppid() once per read of process.ppid: the trigger of the probe program. */
function triggerGetppid(times: number): void {
  for (let i = 0; i < times; i++) void process.ppid;
}

/**
 * Runs `body` with this thread held on one CPU (`taskset -p` changes only the
 * thread it names: the one running this code, as /proc/thread-self says),
 * then lets it run anywhere again.
 */
async function onOneCpu<T>(body: () => Promise<T>): Promise<T> {
  const tid = readlinkSync('/proc/thread-self').split('/').pop()!;
  const all = execFileSync('taskset', ['-pc', tid], { encoding: 'utf8' }).split(':').pop()!.trim();
  execFileSync('taskset', ['-pc', '0', tid], { stdio: 'ignore' });
  try {
    return await body();
  } finally {
    execFileSync('taskset', ['-pc', all, tid], { stdio: 'ignore' });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await sleep(10);
};

const open: { close(): void }[] = [];
const track = <T extends { close(): void }>(x: T): T => (open.push(x), x);
afterEach(() => {
  for (const x of open.splice(0).reverse()) x.close();
});

describe.skipIf(skip)('pausing a reader (backpressure)', () => {
  beforeAll(() => prepareKernel());

  it('a paused ring buffer reader reads nothing, so the BPF side drops and counts; resume delivers what the buffer kept', async () => {
    // 4 KiB holds a few dozen records: most of 500 must be dropped in the kernel
    const c = track(Collection.load(PROBE, { globals: { target_tgid: process.pid }, mapSizes: { events: 4096 } }));
    let received = 0;
    const reader = track(new RingBufferReader(c.map('events'), (_b, n) => (received += n)));
    c.attach('on_getppid');
    reader.pause();
    expect(reader.paused).toBe(true);
    triggerGetppid(500);
    await sleep(350); // several drain-timer periods and loop turns
    expect(received).toBe(0);
    const dropped = c.drops();
    expect(dropped).toBeGreaterThan(0);
    reader.resume();
    expect(reader.paused).toBe(false);
    await until(() => received + dropped >= 500);
    expect(received).toBeGreaterThan(0);
    expect(received + c.drops()).toBe(500);
  });

  it('a batch handler that pauses the reader stops the drain after that batch', async () => {
    const c = track(Collection.load(PROBE, { globals: { target_tgid: process.pid } }));
    const sizes: number[] = [];
    const reader = track(
      new RingBufferReader(
        c.map('events'),
        (_b, n) => {
          sizes.push(n);
          reader.pause();
        },
        undefined,
        7,
      ),
    );
    c.attach('on_getppid');
    triggerGetppid(30);
    await until(() => sizes.length > 0);
    await sleep(300);
    expect(sizes).toEqual([7]);
    // drain() still works while paused (what stop() uses)
    reader.drain();
    expect(sizes).toEqual([7, 7, 7, 7, 2]);
    expect(c.drops()).toBe(0);
  });

  // The kernel writes its lost-records note into the CPU buffer that overflowed,
  // with the next record that fits there: the triggers stay on one CPU so that
  // next record comes (a thread the scheduler left on the other CPU never
  // brought it within the wait).
  it('a paused perf buffer reader reads nothing; the kernel counts what did not fit as lost', () => onOneCpu(async () => {
    const c = track(Collection.load(PROBE, { globals: { target_tgid: process.pid } }));
    let received = 0;
    const reader = track(new PerfBufferReader(c.map('perf_events'), (_b, n) => (received += n), { pagesPerCpu: 1 }));
    c.attach('on_getppid');
    reader.pause();
    triggerGetppid(2000);
    await sleep(300);
    expect(received).toBe(0);
    reader.resume();
    await until(() => received > 0);
    // the lost-records note comes with the next record that fits: a few more, until it does
    let extra = 0;
    const end = Date.now() + 5000;
    while (received + reader.lost < 2000 + extra && Date.now() < end) {
      triggerGetppid(1);
      extra++;
      await sleep(150);
    }
    expect(reader.lost).toBeGreaterThan(0);
    expect(received + reader.lost).toBe(2000 + extra);
  }));
});
