// Taking a map's entries (read and delete in one step) and swapping the
// tables of a map of maps, against the running kernel.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BpfError, Collection, kernelTestGate, prepareKernel } from '../src/index.js';
import { FIXTURE_BUILD } from './buildFixtures.js';

const skip = kernelTestGate();
const SWAP = join(FIXTURE_BUILD, 'interval_swap.bpf.o');

const open: Collection[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

function load(): Collection {
  const c = Collection.load(SWAP, { globals: { target_tgid: process.pid } });
  open.push(c);
  c.attachAll();
  return c;
}

/** getppid() `times` times in this process. */
const getppid = (times: number) => {
  for (let i = 0; i < times; i++) void process.ppid;
};

const ownKey = () => {
  const k = Buffer.alloc(4);
  k.writeUInt32LE(process.pid);
  return k;
};

/** The count per tgid in taken or read entries. */
const counts = (entries: [Buffer, Buffer][]) => Object.fromEntries(entries.map(([k, v]) => [k.readUInt32LE(), Number(v.readBigUInt64LE())]));

describe.skipIf(skip)('taking entries', () => {
  beforeAll(() => prepareKernel());

  it('takeEntries() returns every entry and leaves the map empty (batch lookup-and-delete)', () => {
    const c = load();
    getppid(5);
    const plain = c.map('plain');
    const other = Buffer.from([1, 0, 0, 0]);
    plain.update(other, Buffer.from([9, 0, 0, 0, 0, 0, 0, 0]));
    expect(counts(plain.takeEntries())).toEqual({ [process.pid]: 5, 1: 9 });
    expect([...plain.keys()]).toEqual([]);
    getppid(2);
    expect(counts(plain.takeEntries())).toEqual({ [process.pid]: 2 });
    expect(plain.takeEntries()).toEqual([]);
  });

  it('takeEntries({ batch: false }) does the same key by key (lookup-and-delete)', () => {
    const c = load();
    getppid(3);
    const plain = c.map('plain');
    expect(counts(plain.takeEntries({ batch: false }))).toEqual({ [process.pid]: 3 });
    expect(plain.lookup(ownKey())).toBeNull();
  });

  it('a map the kernel cannot take from key by key is refused with its own code', () => {
    const c = load();
    // array maps keep their entries: the kernel can take from them neither in batches nor key by key
    const err = (() => {
      try {
        c.map('calls').takeEntries();
      } catch (e) {
        return e as BpfError;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(BpfError);
    expect(err!.code).toBe('BPF_MAP_TAKE_UNSUPPORTED');
    expect(err!.message).toBe('this kernel cannot read and delete entries of map calls in one step (batch lookup-and-delete needs Linux 5.6)');
  });
});

describe.skipIf(skip)('maps the kernel cannot batch', () => {
  beforeAll(() => prepareKernel());

  it('entries() and takeEntries() never report entries the kernel did not return', () => {
    const c = Collection.load(join(FIXTURE_BUILD, 'probe.bpf.o'));
    open.push(c);
    // a ring buffer has no entries to list; the kernel refuses batch calls on it before writing a count back
    for (const read of [() => c.map('events').entries(), () => c.map('events').takeEntries()]) {
      let result: unknown;
      try {
        result = read();
      } catch (err) {
        result = err;
      }
      expect(result).toBeInstanceOf(BpfError);
    }
  });
});

describe.skipIf(skip)('swapping the tables of a map of maps', () => {
  beforeAll(() => prepareKernel());

  it('after setInnerMap() resolves, programs count into the new table only; the old one holds exactly what came before', async () => {
    const c = load();
    const [outer, t0, t1] = [c.map('calls'), c.map('calls_0'), c.map('calls_1')];
    getppid(4);
    await outer.setInnerMap(0, t1);
    getppid(3);
    expect(counts(t0.takeEntries())).toEqual({ [process.pid]: 4 });
    await outer.setInnerMap(0, t0);
    getppid(2);
    expect(counts(t1.takeEntries())).toEqual({ [process.pid]: 3 });
    expect(counts(t0.takeEntries())).toEqual({ [process.pid]: 2 });
  });

  it('a swap still in flight when the collection closes settles, and leaves no fd behind', async () => {
    const before = readdirSync('/proc/self/fd').length;
    const c = Collection.load(SWAP, { globals: { target_tgid: process.pid } });
    const pending = c.map('calls').setInnerMap(0, c.map('calls_1'));
    c.close();
    await pending; // the worker holds its own copies of both fds until the kernel is done
    expect(readdirSync('/proc/self/fd').length).toBe(before);
  });

  it('refuses a map that is not a map of maps, before touching the kernel', async () => {
    const c = load();
    await expect(c.map('plain').setInnerMap(0, c.map('calls_1'))).rejects.toThrow(
      new TypeError('setInnerMapAsync(slot, inner): map plain is not a map of maps'),
    );
  });
});
