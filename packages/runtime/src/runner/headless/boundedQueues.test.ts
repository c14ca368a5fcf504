import { describe, expect, it } from 'vitest';
import type { RunMessage } from '../RunMessage.js';
import { AttachedReader } from './AttachedReader.js';
import { messageBytes } from './messageBytes.js';
import { RunBacklog } from './RunBacklog.js';

const node = 'n1';
const batch = (first: number, n: number): RunMessage => ({
  type: 'events',
  node,
  events: Array.from({ length: n }, (_, i) => ({ pid: first + i, comm: 'true', args: '/bin/true x' })),
});

async function readAll(reader: AttachedReader): Promise<RunMessage[]> {
  const out: RunMessage[] = [];
  for await (const m of reader) out.push(m);
  return out;
}

const pids = (ms: RunMessage[]) => ms.flatMap((m) => (m.type === 'events' ? m.events.map((e) => e.pid as number) : []));
const lostOf = (ms: RunMessage[], reason: string) => ms.reduce((n, m) => n + (m.type === 'lost' && m.reason === reason ? m.count : 0), 0);

describe('RunBacklog', () => {
  it('keeps the newest messages within its count bound', () => {
    const b = new RunBacklog({ messages: 100, bytes: 1 << 30 });
    for (let i = 0; i < 5000; i++) b.push(batch(i, 1), 10);
    expect(b.length).toBe(100);
    expect(pids(b.messages())).toEqual(Array.from({ length: 100 }, (_, i) => 4900 + i));
  });

  it('keeps the newest messages within its byte bound, and always the last one', () => {
    const b = new RunBacklog({ messages: 1000, bytes: 10_000 });
    for (let i = 0; i < 3000; i++) b.push(batch(i, 4), messageBytes(batch(i, 4)));
    expect(b.bytes).toBeLessThanOrEqual(10_000);
    const kept = pids(b.messages());
    expect(kept.at(-1)).toBe(2999 + 3);
    expect(kept.length).toBeGreaterThan(8);
    const huge = batch(0, 5000);
    b.push(huge, messageBytes(huge));
    expect(b.messages()).toEqual([huge]);
  });
});

describe('AttachedReader', () => {
  it('holds at most its bound while its reader reads nothing, and reports every dropped event exactly', async () => {
    const reader = new AttachedReader(node, [], { messages: 50, bytes: 1 << 30 }, () => {});
    let most = 0;
    const total = 20_000;
    for (let i = 0; i < total; i += 4) {
      reader.offer(batch(i, 4), 100);
      most = Math.max(most, reader.queued);
    }
    // a kernel loss report that comes while it is full is not lost either
    reader.offer({ type: 'lost', node, count: 7, reason: 'ring_full', where: 'kernel', message: 'ring full' }, 100);
    reader.offer({ type: 'done', node, reason: 'stopped', cleanupErrors: [] }, 100);
    reader.end();
    expect(most).toBeLessThanOrEqual(50);
    const got = await readAll(reader);
    const seen = pids(got);
    expect(seen.length).toBe(200);
    expect(seen).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(seen.length + lostOf(got, 'reader_behind')).toBe(total);
    expect(lostOf(got, 'ring_full')).toBe(7);
    expect(reader.lostByReader).toBe(total - 200);
    // the counts come before the end, the end last
    expect(got.at(-1)?.type).toBe('done');
    expect(got.find((m) => m.type === 'lost' && m.reason === 'reader_behind')).toMatchObject({ where: 'queue', message: expect.stringContaining(`${total - 200} events lost`) });
  });

  it('holds at most its byte bound', () => {
    const reader = new AttachedReader(node, [], { messages: 1_000_000, bytes: 64 * 1024 }, () => {});
    for (let i = 0; i < 10_000; i++) {
      const m = batch(i * 10, 10);
      reader.offer(m, messageBytes(m));
    }
    expect(reader.queuedBytes).toBeLessThanOrEqual(64 * 1024);
    expect(reader.queued).toBeLessThan(10_000);
  });

  it('puts the count of a gap where the gap was, once the reader has room again', async () => {
    const reader = new AttachedReader(node, [batch(-1, 1)], { messages: 2, bytes: 1 << 30 }, () => {});
    for (let i = 0; i < 5; i++) reader.offer(batch(i, 1), 10);
    const it = reader[Symbol.asyncIterator]();
    const next = async () => (await it.next()).value as RunMessage;
    expect(pids([await next()])).toEqual([-1]);
    expect(pids([await next(), await next()])).toEqual([0, 1]);
    // caught up: what it is owed comes without waiting for another message
    expect(await next()).toMatchObject({ type: 'lost', reason: 'reader_behind', count: 3 });
    reader.offer(batch(9, 1), 10);
    expect(pids([await next()])).toEqual([9]);
    reader.end();
    expect((await it.next()).done).toBe(true);
  });

  it('drops and counts what comes while paused, and leaves the run when the iteration ends', async () => {
    let left = 0;
    const reader = new AttachedReader(node, [], { messages: 100, bytes: 1 << 30 }, () => left++);
    reader.pause();
    for (let i = 0; i < 10; i++) reader.offer(batch(i, 2), 10);
    expect(reader.queued).toBe(0);
    reader.resume();
    reader.offer(batch(100, 1), 10);
    for await (const m of reader) {
      expect(m).toMatchObject({ type: 'lost', reason: 'reader_behind', count: 20 });
      break;
    }
    expect(left).toBe(1);
    // a reader that left takes nothing more
    reader.offer(batch(200, 1), 10);
    expect(reader.queued).toBe(0);
  });

  it('ends at once when its signal aborts', async () => {
    const controller = new AbortController();
    let left = 0;
    const reader = new AttachedReader(node, [], { messages: 10, bytes: 1 << 20 }, () => left++, controller.signal);
    const read = readAll(reader);
    controller.abort();
    expect(await read).toEqual([]);
    expect(left).toBe(1);
  });
});
