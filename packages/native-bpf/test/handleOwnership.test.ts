import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BpfError, Collection, PerfBufferReader, RingBufferReader, kernelTestGate, prepareKernel } from '../src/index.js';
import { FIXTURE_BUILD } from './buildFixtures.js';
import { fdTable, ownFds } from './ownKernelObjects.js';

const skip = kernelTestGate();
const PROBE = join(FIXTURE_BUILD, 'probe.bpf.o');

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const u64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
};

const open: { close(): void }[] = [];
const track = <T extends { close(): void }>(x: T): T => (open.push(x), x);
afterEach(() => {
  for (const x of open.splice(0).reverse()) x.close();
});

/** The BPF_OBJECT_CLOSED error `fn` throws (fails the test when it throws nothing or something else). */
function closedError(fn: () => unknown): BpfError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(BpfError);
  expect((caught as BpfError).code).toBe('BPF_OBJECT_CLOSED');
  expect((caught as BpfError).message).toMatch(/is closed \(it, or the collection it came from, was closed\)/);
  return caught as BpfError;
}

describe.skipIf(skip)('handles of a closed collection never reach the kernel objects that took their fd numbers', () => {
  beforeAll(() => prepareKernel());

  it('a stale map throws BPF_OBJECT_CLOSED, even when a new collection got the same fd numbers', () => {
    const first = Collection.load(PROBE);
    const stale = first.map('counts');
    const staleFd = stale.fd;
    expect(staleFd).toBeGreaterThan(2);
    first.close();

    const second = track(Collection.load(PROBE));
    const fresh = second.map('counts');
    expect(fresh.fd).toBe(staleFd); // the kernel handed the number out again
    fresh.update(u32(7), u64(99));

    // the stale handle reads nothing: not the new map behind its old fd number
    expect(closedError(() => stale.lookup(u32(7))).message).toMatch(/^map counts is closed/);
    closedError(() => stale.update(u32(8), u64(1)));
    closedError(() => stale.delete(u32(7)));
    closedError(() => [...stale.keys()]);
    closedError(() => stale.entries());
    expect(stale.closed).toBe(true);
    expect(stale.fd).toBe(-1);
    // the new collection's map was neither read nor written through the stale handle
    expect([...fresh.keys()].map((k) => k.readUInt32LE())).toEqual([7]);
    expect(fresh.lookup(u32(7))).toEqual(u64(99));
  });

  it('a stale link and stale readers throw BPF_OBJECT_CLOSED, even when a new collection got the same fd numbers', () => {
    const first = Collection.load(PROBE, { globals: { target_tgid: process.pid } });
    const link = first.attach('dump_task');
    const linkFd = (link as unknown as { fd?: number }).fd;
    const ring = new RingBufferReader(first.map('events'), () => {});
    const perf = new PerfBufferReader(first.map('perf_events'), () => {}, { pagesPerCpu: 1 });
    const tableWhileOpen = fdTable(ownFds());
    first.close();

    // the same object again, the same steps: the same fd numbers come back
    const second = track(Collection.load(PROBE, { globals: { target_tgid: process.pid } }));
    const freshLink = second.attach('dump_task');
    track(new RingBufferReader(second.map('events'), () => {}));
    track(new PerfBufferReader(second.map('perf_events'), () => {}, { pagesPerCpu: 1 }));

    expect(closedError(() => link.readIterator()).message).toMatch(/^the link of program dump_task is closed/);
    expect(closedError(() => ring.drain()).message).toMatch(/^the ring buffer reader of map events is closed/);
    for (const reader of [ring, perf]) {
      closedError(() => reader.drain());
      closedError(() => reader.pause());
      closedError(() => reader.resume());
      expect(reader.closed).toBe(true);
      expect(reader.paused).toBe(false);
    }
    expect(link.closed).toBe(true);
    expect(perf.lost).toBe(0);
    // closing the first collection closed its readers too: the second got the very same fd numbers
    expect(fdTable(ownFds())).toEqual(tableWhileOpen);
    expect(linkFd).toBeUndefined(); // Link exposes no fd to reuse
    expect(freshLink.readIterator().length).toBeGreaterThan(0);
    // closing what the collection already closed is a no-op, never a second close
    const table = fdTable(ownFds());
    link.close();
    ring.close();
    perf.close();
    first.close();
    expect(fdTable(ownFds())).toEqual(table);
    expect(freshLink.closed).toBe(false);
  });

  it('a map from a collection closed mid-iteration stops with BPF_OBJECT_CLOSED', () => {
    const c = Collection.load(PROBE);
    const counts = c.map('counts');
    for (let i = 1; i <= 3; i++) counts.update(u32(i), u64(i));
    const keys = counts.keys();
    expect(keys.next().done).toBe(false);
    c.close();
    closedError(() => keys.next());
  });
});
