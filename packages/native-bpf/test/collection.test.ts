import { createSocket } from 'node:dgram';
import { closeSync, existsSync, openSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BpfError,
  Collection,
  PerfBufferReader,
  RingBufferReader,
  SchemaMismatchError,
  createDecoder,
  decodeRecords,
  forEachRecord,
  kernelReport,
  kernelTestGate,
  prepareKernel,
} from '../src/index.js';
import { FIXTURE_BUILD } from './buildFixtures.js';

const skip = kernelTestGate();
const PROBE = join(FIXTURE_BUILD, 'probe.bpf.o');

const probeEvent = Type.Object({
  pid: Type.Integer(),
  tid: Type.Integer(),
  ppid: Type.Integer(),
  uid: Type.Integer(),
  mntnsId: Type.Integer(),
  comm: Type.String(),
  seq: Type.Integer(),
  value: Type.Integer(),
  flag: Type.Boolean(),
  note: Type.String(),
  args: Type.Array(Type.String(), { sizeField: 'args_size' }),
  user: Type.String({ computed: true }),
});

/** getppid() once per read of process.ppid: the trigger of the probe program. */
function triggerGetppid(times: number): void {
  for (let i = 0; i < times; i++) void process.ppid;
}

const until = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
};

const open: { close(): void }[] = [];
const track = <T extends { close(): void }>(x: T): T => (open.push(x), x);
afterEach(() => {
  for (const x of open.splice(0).reverse()) x.close();
});

describe.skipIf(skip)('Collection against the running kernel', () => {
  beforeAll(() => prepareKernel());

  it('sets typed globals, streams ring buffer events in batches and decodes them from BTF', async () => {
    const c = track(Collection.load(PROBE, { globals: { target_tgid: process.pid, magic: -42, label: 'hey' } }));
    const decode = createDecoder(c.structLayout('probe_event'), probeEvent);
    const events: Record<string, unknown>[] = [];
    let batches = 0;
    track(new RingBufferReader(c.map('events'), (buf) => (batches++, events.push(...decodeRecords(buf, decode)))));
    c.attach('on_getppid');
    triggerGetppid(5);
    await until(() => events.length >= 5);
    expect(events).toHaveLength(5);
    expect(batches).toBeLessThan(5); // delivered in batches, not one call per event
    const e = events[0]!;
    expect(e.pid).toBe(process.pid);
    expect(e.tid).toBe(process.pid);
    expect(e.ppid).toBe(process.ppid);
    expect(e.uid).toBe(process.getuid!());
    expect(e.comm).toBe(readFileSync('/proc/self/comm', 'utf8').trim());
    expect(e.mntnsId).toBe(Number(/\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/mnt'))![1]));
    expect(e).toMatchObject({ value: -42, flag: true, note: 'hey', args: ['a', 'bb', 'ccc'] });
    expect(events.map((x) => x.seq)).toEqual([0, 1, 2, 3, 4].map((i) => (e.seq as number) + i));
    expect(c.drops()).toBe(0);
  });

  it('cuts a backlog into batches of at most maxBatch, losing and repeating nothing', () => {
    const c = track(Collection.load(PROBE, { globals: { target_tgid: process.pid } }));
    const decode = createDecoder(c.structLayout('probe_event'), probeEvent);
    const sizes: number[] = [];
    const seqs: number[] = [];
    const reader = track(
      new RingBufferReader(c.map('events'), (buf, n) => (sizes.push(n), seqs.push(...decodeRecords(buf, decode).map((e) => e.seq as number))), undefined, 7),
    );
    c.attach('on_getppid');
    triggerGetppid(30);
    reader.drain();
    expect(sizes).toEqual([7, 7, 7, 7, 2]);
    expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => seqs[0]! + i));
  });

  it('filters in the kernel through a global: another tgid sees nothing', async () => {
    const c = track(Collection.load(PROBE, { globals: { target_tgid: 1 } }));
    let count = 0;
    track(new RingBufferReader(c.map('events'), (_buf, n) => (count += n)));
    c.attach('on_getppid');
    triggerGetppid(20);
    await new Promise((r) => setTimeout(r, 100));
    expect(count).toBe(0);
  });

  it('reads a perf event array with a per-CPU record batch', async () => {
    const c = track(Collection.load(PROBE, { globals: { target_tgid: process.pid } }));
    const pids: number[] = [];
    const reader = track(new PerfBufferReader(c.map('perf_events'), (buf) => forEachRecord(buf, (off) => pids.push(buf.readUInt32LE(off))), { pagesPerCpu: 8 }));
    c.attach('on_getppid');
    triggerGetppid(3);
    await until(() => pids.length >= 3);
    expect(pids).toEqual([process.pid, process.pid, process.pid]);
    expect(reader.lost).toBe(0);
  });

  it('looks up, iterates, batch-reads, updates and deletes map entries', () => {
    const c = track(Collection.load(PROBE, { globals: { target_tgid: process.pid } }));
    c.attach('on_getppid');
    triggerGetppid(7);
    const counts = c.map('counts');
    const key = Buffer.alloc(4);
    key.writeUInt32LE(process.pid);
    expect(counts.lookup(key)!.readBigUInt64LE()).toBe(7n);
    const other = Buffer.alloc(4);
    other.writeUInt32LE(1);
    counts.update(other, Buffer.from([9, 0, 0, 0, 0, 0, 0, 0]));
    expect([...counts.keys()].map((k) => k.readUInt32LE()).sort((a, b) => a - b)).toEqual([1, process.pid].sort((a, b) => a - b));
    const entries = new Map(counts.entries().map(([k, v]) => [k.readUInt32LE(), v.readBigUInt64LE()]));
    expect(entries.get(1)).toBe(9n);
    expect(counts.delete(other)).toBe(true);
    expect(counts.delete(other)).toBe(false);
    expect(counts.lookup(other)).toBeNull();
  });

  it('runs a task iterator and finds this process', () => {
    const c = track(Collection.load(PROBE, { skipPrograms: ['on_switch'] }));
    const link = c.attach('dump_task');
    const data = link.readIterator();
    const decode = createDecoder(c.structLayout('task_record'), Type.Object({ pid: Type.Integer(), tgid: Type.Integer(), comm: Type.String() }));
    const tasks = [];
    for (let off = 0; off + 24 <= data.length; off += 24) tasks.push(decode(data, off));
    expect(tasks.length).toBeGreaterThan(10);
    expect(tasks.find((t) => t.pid === process.pid)).toMatchObject({ tgid: process.pid, comm: readFileSync('/proc/self/comm', 'utf8').trim() });
    expect(tasks.find((t) => t.pid === process.ppid)).toBeDefined();
  });

  it('attaches tp_btf and perf_event programs, and they run', async () => {
    const c = track(Collection.load(PROBE));
    const runs = c.map('runs');
    const ran = (i: number) => Number(runs.lookup(Buffer.from([i, 0, 0, 0]))!.readBigUInt64LE());
    expect([ran(0), ran(1)]).toEqual([0, 0]);
    const links = [c.attach('on_switch'), c.attachPerfEvent('on_sample', { cpu: 0, sampleFreq: 1000 })];
    await until(() => ran(0) > 0 && ran(1) > 0);
    expect(ran(0)).toBeGreaterThan(0);
    expect(ran(1)).toBeGreaterThan(0);
    for (const l of links) l.close();
    await new Promise((r) => setTimeout(r, 20)); // runs already under way finish
    const after = [ran(0), ran(1)];
    await new Promise((r) => setTimeout(r, 50));
    expect([ran(0), ran(1)]).toEqual(after); // detached: neither runs any more
  });

  it('runs a socket filter on a real socket: it drops, cuts and keeps datagrams by their first byte', async () => {
    const c = track(Collection.load(PROBE));
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
    try {
      c.attachSocket('sieve', (sock as unknown as { _handle: { fd: number } })._handle.fd);
      const got: string[] = [];
      sock.on('message', (m) => got.push(m.toString()));
      // loopback keeps the order: what arrives before 'End' is all that got through
      for (const m of ['Drop this', 'Trim this one', 'Keep this whole', 'Dropped too', 'End']) sock.send(m, sock.address().port, '127.0.0.1');
      await until(() => got.includes('End'));
      expect(got).toEqual(['Trim', 'Keep this whole', 'End']);
    } finally {
      sock.close();
    }
  });

  it('counts events dropped by a deliberately tiny ring buffer', async () => {
    const c = track(Collection.load(PROBE, { globals: { target_tgid: process.pid }, mapSizes: { events: 4096 } }));
    let received = 0;
    const reader = track(new RingBufferReader(c.map('events'), (_b, n) => (received += n)));
    c.attach('on_getppid');
    triggerGetppid(2000); // the loop never yields, so the reader cannot keep up
    reader.drain();
    expect(c.drops()).toBeGreaterThan(0);
    expect(received + c.drops()).toBe(2000);
  });

  it('kprobes: where the kernel has none, attach fails with its code, errno and hint; where it has them, the program runs', () => {
    const k = track(Collection.load(join(FIXTURE_BUILD, 'kprobe.bpf.o'), { globals: { target_tgid: process.pid } }));
    if (!kernelHasKprobes()) {
      // this machine's branch: no kprobe PMU, no kprobe_events (CONFIG_KPROBES is off)
      const err = thrown(() => k.attach('on_open'));
      expect(err).toBeInstanceOf(BpfError);
      expect(err).toMatchObject({ code: 'BPF_ATTACH_FAILED', errno: ENOENT });
      expect(err.message).toBe(
        'cannot attach program on_open (kprobe/do_sys_openat2): No such file or directory (errno 2); ' +
          'this kernel has no kprobes (CONFIG_KPROBES is off); the gadget needs a hook this kernel does not offer',
      );
      expect(err.libbpfLog).toMatch(/failed to create kprobe 'do_sys_openat2\+0x0' perf event/);
      return;
    }
    k.attach('on_open');
    closeSync(openSync('/proc/self/comm', 'r'));
    expect(hits(k)).toBeGreaterThan(0);
  });

  it('fentry: where the kernel refuses it, load fails with its code, errno and hint; where it allows it, the program runs', () => {
    let f: Collection;
    try {
      f = track(Collection.load(join(FIXTURE_BUILD, 'fentry.bpf.o'), { globals: { target_tgid: process.pid } }));
    } catch (e) {
      // this machine's branch: fentry programs fail to load with EPERM
      const err = e as BpfError;
      expect(err).toBeInstanceOf(BpfError);
      expect(err).toMatchObject({ code: 'BPF_LOAD_FAILED', errno: EPERM });
      expect(err.message).toBe(
        'cannot load BPF object fentry: Operation not permitted (errno 1); ' +
          'this kernel refuses fentry/fexit/LSM programs; the gadget needs a hook this kernel does not offer',
      );
      expect(err.libbpfLog).toMatch(/prog 'on_open_entry': BPF program load failed: Operation not permitted/);
      return;
    }
    f.attach('on_open_entry');
    closeSync(openSync('/proc/self/comm', 'r'));
    expect(hits(f)).toBeGreaterThan(0);
  });

  it('rejects an event schema that disagrees with the BTF, naming the field', () => {
    const c = track(Collection.load(PROBE));
    const layout = c.structLayout('probe_event');
    expect(() => createDecoder(layout, Type.Object({ comm: Type.Integer() }))).toThrow(SchemaMismatchError);
    expect(() => createDecoder(layout, Type.Object({ comm: Type.Integer() }))).toThrow(
      'event field "comm" is integer in the schema but member proc.comm is char[16] (struct probe_event in the BPF object\'s BTF)',
    );
    expect(() => createDecoder(layout, Type.Object({ filename: Type.String() }))).toThrow(/event field "filename" has no member in the struct/);
  });

  it('rejects bad global values and unknown globals before loading anything', () => {
    expect(() => Collection.load(PROBE, { globals: { magic: 2 ** 40 } })).toThrow(/cannot set global magic .*out of range for a signed 32-bit integer/);
    expect(() => Collection.load(PROBE, { globals: { nope: 1 } })).toThrow('the BPF object has no global named nope');
  });

  it('reports the kernel checks doctor shows', () => {
    const checks = new Map(kernelReport().map((c) => [c.name, c]));
    expect(checks.get('BTF')?.ok).toBe(true);
    expect(checks.get('privileges')?.ok).toBe(true);
    expect(checks.get('tracefs')?.detail).toMatch(/mounted at \/sys\/kernel\/tracing/);
    expect(checks.get('libbpf')?.detail).toMatch(/libbpf v?\d+\.\d+/);
    expect(statSync('/sys/kernel/tracing/events').isDirectory()).toBe(true);
  });
});

const ENOENT = 2;
const EPERM = 1;

/** Kprobes by either way libbpf attaches them: the perf kprobe PMU, or tracefs' kprobe_events. */
function kernelHasKprobes(): boolean {
  return existsSync('/sys/bus/event_source/devices/kprobe/type') || existsSync('/sys/kernel/tracing/kprobe_events');
}

function thrown(fn: () => unknown): BpfError {
  try {
    fn();
  } catch (err) {
    return err as BpfError;
  }
  throw new Error('expected a throw');
}

/** The kprobe/fentry fixtures' count of this process's openat2 calls. */
function hits(c: Collection): number {
  return Number(c.map('hits').lookup(Buffer.alloc(4))!.readBigUInt64LE());
}

describe.skipIf(skip)('Collection from a buffer', () => {
  it('loads an object from bytes as from a file', async () => {
    const c = Collection.load(readFileSync(PROBE), { globals: { target_tgid: process.pid } });
    try {
      let n = 0;
      const r = new RingBufferReader(c.map('events'), (_b, count) => (n += count));
      c.attach('on_getppid');
      triggerGetppid(2);
      r.drain();
      expect(n).toBe(2);
      r.close();
    } finally {
      c.close();
    }
  });
});
