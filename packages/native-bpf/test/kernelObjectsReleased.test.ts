import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Collection, PerfBufferReader, RingBufferReader, kernelTestGate, prepareKernel } from '../src/index.js';
import { FIXTURE_BUILD } from './buildFixtures.js';
import { bpfObjectsLeft, fdTable, newBpfObjects, ownFds } from './ownKernelObjects.js';

const skip = kernelTestGate();
const PROBE = join(FIXTURE_BUILD, 'probe.bpf.o');

const triggerGetppid = (times: number) => {
  for (let i = 0; i < times; i++) void process.ppid;
};
const until = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
};

/**
 * Each path through the binding, run to its end: it returns what must be
 * closed afterwards (the collection last), having checked it really worked.
 */
const paths: [string, () => Promise<{ close(): void }[]>][] = [
  [
    'ring buffer',
    async () => {
      const c = Collection.load(PROBE, { globals: { target_tgid: process.pid } });
      let n = 0;
      const r = new RingBufferReader(c.map('events'), (_b, count) => (n += count));
      c.attach('on_getppid');
      triggerGetppid(3);
      await until(() => n >= 3);
      expect(n).toBe(3);
      return [r, c];
    },
  ],
  [
    'perf buffer and perf event',
    async () => {
      const c = Collection.load(PROBE, { globals: { target_tgid: process.pid } });
      let n = 0;
      const p = new PerfBufferReader(c.map('perf_events'), (_b, count) => (n += count), { pagesPerCpu: 4 });
      c.attach('on_getppid');
      c.attachPerfEvent('on_sample', { cpu: 0, sampleFreq: 100 });
      triggerGetppid(3);
      await until(() => n >= 3);
      expect(n).toBe(3);
      return [p, c];
    },
  ],
  [
    'socket filter',
    async () => {
      const c = Collection.load(PROBE);
      const sock = createSocket('udp4');
      await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
      c.attachSocket('sieve', (sock as unknown as { _handle: { fd: number } })._handle.fd);
      const got: string[] = [];
      sock.on('message', (m) => got.push(m.toString()));
      sock.send('Dropped', sock.address().port, '127.0.0.1');
      sock.send('kept', sock.address().port, '127.0.0.1');
      await until(() => got.length > 0);
      expect(got).toEqual(['kept']);
      // the socket holds the program too: both must go
      return [{ close: () => sock.close() }, c];
    },
  ],
  [
    'iterator',
    async () => {
      const c = Collection.load(PROBE, { skipPrograms: ['on_switch'] });
      expect(c.attach('dump_task').readIterator().length).toBeGreaterThan(0);
      return [c];
    },
  ],
  [
    'map',
    async () => {
      const c = Collection.load(PROBE);
      const counts = c.map('counts');
      counts.update(Buffer.from([1, 0, 0, 0]), Buffer.alloc(8, 1));
      expect(counts.entries()).toHaveLength(1);
      expect(counts.delete(Buffer.from([1, 0, 0, 0]))).toBe(true);
      return [c];
    },
  ],
];

describe.skipIf(skip)('closing releases every fd and every BPF object this process opened', () => {
  beforeAll(() => prepareKernel());

  it.each(paths)('%s: the fd table is as before, and the BPF objects behind the new fds are gone', async (_name, run) => {
    const before = ownFds();
    const open = await run();
    const objects = newBpfObjects(before, ownFds());
    expect(objects.filter((o) => o.startsWith('prog ')).length).toBeGreaterThan(0);
    expect(objects.filter((o) => o.startsWith('map ')).length).toBeGreaterThan(0);
    for (const x of open) x.close();
    await new Promise((r) => setTimeout(r, 20)); // the socket closes on the next loop turn
    expect(fdTable(ownFds())).toEqual(fdTable(before));
    expect(await bpfObjectsLeft(objects)).toEqual([]);
  });
});
