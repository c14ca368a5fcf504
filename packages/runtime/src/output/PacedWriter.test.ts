import { describe, expect, it } from 'vitest';
import type { OutputQueue } from '../cli/CliIO.js';
import { PacedWriter } from './PacedWriter.js';

/** A queue whose reader takes writes only when the test says so. */
function slowQueue() {
  const pending: { bytes: number; done: () => void }[] = [];
  let errorHandler: ((err: Error) => void) | undefined;
  let abandoned = false;
  const queue: OutputQueue & { take(n: number): void; breakWith(err: Error): void } = {
    write(text, onFlushed) {
      pending.push({ bytes: Buffer.byteLength(text), done: onFlushed });
    },
    get queued() {
      return pending.reduce((n, p) => n + p.bytes, 0);
    },
    onError: (h) => void (errorHandler = h),
    abandon: () => void (abandoned = true),
    get abandoned() {
      return abandoned;
    },
    take(n) {
      for (const p of pending.splice(0, n)) p.done();
    },
    breakWith: (err) => errorHandler?.(err),
  };
  return queue;
}

function recorder() {
  const calls: string[] = [];
  return { calls, pace: { pause: () => calls.push('pause'), resume: () => calls.push('resume'), fail: (e: unknown) => calls.push(`fail: ${(e as Error).message}`) } };
}

const line = (bytes: number) => 'x'.repeat(bytes - 1) + '\n';

describe('PacedWriter', () => {
  it('pauses the run above the high-water mark and resumes at the low-water mark', () => {
    const q = slowQueue();
    const { calls, pace } = recorder();
    const w = new PacedWriter(q, pace, { highWater: 1000, lowWater: 300, cap: 10_000 });
    for (let i = 0; i < 5; i++) w.events(1, () => line(300));
    expect(calls).toEqual(['pause']);
    q.take(2); // 900 queued: above the low mark
    expect(calls).toEqual(['pause']);
    q.take(2); // 300 queued
    expect(calls).toEqual(['pause', 'resume']);
  });

  it('writes a batch larger than the cap when nothing is queued (a whole table), and drops one only behind a backlog', () => {
    const q = slowQueue();
    const { pace } = recorder();
    const w = new PacedWriter(q, pace, { highWater: 1000, lowWater: 300, cap: 10_000 });
    // a table of 100 rows of 400 bytes: four times the cap, into an empty queue
    w.events(100, () => line(400).repeat(100));
    expect([w.dropped, q.queued]).toEqual([0, 40_000]);
    // the reader has not taken it: the next table waits behind a backlog past the cap
    w.events(100, () => line(400).repeat(100));
    expect([w.dropped, q.queued]).toEqual([100, 40_000]);
    q.take(1);
    w.events(100, () => line(400).repeat(100));
    expect([w.dropped, q.queued]).toEqual([100, 40_000]);
  });

  it('drops whole batches past the cap without formatting them, and counts their events', () => {
    const q = slowQueue();
    const { pace } = recorder();
    const w = new PacedWriter(q, pace, { highWater: 100, lowWater: 50, cap: 1000 });
    let formatted = 0;
    const batch = (n: number) => w.events(n, () => (formatted++, line(400)));
    batch(10);
    batch(10);
    batch(10); // 800 + 400 > 1000: dropped after formatting
    expect(q.queued).toBe(800);
    q.write(line(200), () => {}); // the queue is now at its cap
    batch(7); // dropped before formatting
    expect(formatted).toBe(3);
    expect(w.dropped).toBe(17);
  });

  it('never drops text that is not events', () => {
    const q = slowQueue();
    const w = new PacedWriter(q, recorder().pace, { cap: 10 });
    w.text(line(50));
    expect(q.queued).toBe(50);
  });

  it('settles at once when the reader took everything', async () => {
    const q = slowQueue();
    const w = new PacedWriter(q, recorder().pace);
    w.events(3, () => line(10));
    setTimeout(() => q.take(1), 10);
    expect(await w.settle(5000)).toBe(0);
    expect(q.abandoned).toBe(false);
  });

  it('gives up after the grace period and counts the events not written', async () => {
    const q = slowQueue();
    const w = new PacedWriter(q, recorder().pace);
    w.events(3, () => line(10));
    w.events(4, () => line(10));
    q.take(1);
    const began = Date.now();
    expect(await w.settle(100)).toBe(4);
    expect(Date.now() - began).toBeLessThan(2000);
    expect(q.abandoned).toBe(true);
  });

  it('fails the run on a write error, once, and writes nothing more', () => {
    const q = slowQueue();
    const { calls, pace } = recorder();
    const w = new PacedWriter(q, pace);
    q.breakWith(new Error('EIO: i/o error, write'));
    q.breakWith(new Error('EIO again'));
    w.events(1, () => line(10));
    expect(calls).toEqual(['fail: EIO: i/o error, write']);
    expect(q.queued).toBe(0);
    const sync = new PacedWriter(
      {
        ...slowQueue(),
        write: () => {
          throw new Error('ENOSPC: no space left on device, write');
        },
      },
      pace,
    );
    sync.events(1, () => line(10));
    expect(calls.at(-1)).toBe('fail: ENOSPC: no space left on device, write');
  });
});
