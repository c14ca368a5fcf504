import { describe, expect, it } from 'vitest';
import { MessageQueue } from './MessageQueue.js';

const item = (n: number) => ({ n });

describe('MessageQueue', () => {
  it('gives a waiting reader each item in order as it comes, and ends after the last one', async () => {
    const q = new MessageQueue<{ n: number }>();
    const seen: number[] = [];
    const reading = (async () => {
      for await (const x of q.drain()) seen.push(x.n);
    })();
    for (let i = 0; i < 5; i++) {
      q.push(item(i));
      await new Promise((r) => setImmediate(r));
    }
    q.push(item(5));
    q.end();
    await reading;
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('tells the producer at the high mark on each push and at the low mark on each take', () => {
    const calls: string[] = [];
    const q = new MessageQueue<{ n: number }>({ high: 3, low: 1, onHigh: () => calls.push('high'), onLow: () => calls.push('low') });
    for (let i = 0; i < 4; i++) q.push(item(i));
    expect(calls).toEqual(['high', 'high']);
    calls.length = 0;
    while (q.take()) {}
    expect(calls).toEqual(['low', 'low']);
    expect(q.length).toBe(0);
  });

  it('keeps order and length exact across compactions, with reads and writes interleaved', () => {
    const q = new MessageQueue<{ n: number }>();
    let next = 0;
    let expected = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 700; i++) q.push(item(next++));
      for (let i = 0; i < 500; i++) expect(q.take()!.n).toBe(expected++);
      expect(q.length).toBe(next - expected);
    }
    while (q.length > 0) expect(q.take()!.n).toBe(expected++);
    expect(expected).toBe(next);
    expect(q.take()).toBeUndefined();
  });

  it('clear() drops what is queued; wake() returns a waiting reader without an item', async () => {
    const q = new MessageQueue<{ n: number }>();
    q.push(item(1));
    q.clear();
    expect(q.length).toBe(0);
    const waited = q.waitForMore();
    q.wake();
    await waited;
    expect(q.take()).toBeUndefined();
  });
});
