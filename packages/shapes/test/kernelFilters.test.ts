// The shapes leave the runtime's own process out and keep only the containers
// asked for, in the kernel: a real BPF object on getppid(), driven through
// eventSourceGadget's lifecycle as the runtime drives it.
import { spawnSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { Type, type MountNsFilter } from '@gadgetry/sdk';
import { EventSource, eventSourceGadget } from '../src/index.js';
import { FIXTURE_BUILD } from './buildFixtures.js';
import { gadgetContext } from './fixtures/gadgetContext.js';

const skip = kernelTestGate();
const FILTERED = join(FIXTURE_BUILD, 'getppid_filtered.bpf.o');
const PLAIN = join(FIXTURE_BUILD, 'getppid_plain.bpf.o');
const OWN_MNTNS = Number(/\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/mnt'))![1]);
const OTHER_MNTNS = 4026531000; // no mount namespace has this id here

const event = Type.Object({ pid: Type.Integer(), mntnsId: Type.Integer() });
type Ev = { pid: number; mntnsId: number };

/** A container filter whose ids the test changes, as the container operator does when containers come and go. */
class ChangingFilter implements MountNsFilter {
  listeners = new Set<(ids: number[]) => void>();
  constructor(private current: number[]) {}
  ids(): number[] {
    return this.current;
  }
  onChange(listener: (ids: number[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(ids: number[]): void {
    this.current = ids;
    for (const l of this.listeners) l(ids);
  }
}

/** getppid() in this process `times` times (each read of process.ppid is one call). */
const ownCalls = (times = 3) => {
  for (let i = 0; i < times; i++) void process.ppid;
};
/** getppid() in a new process; returns its pid. */
const childCall = () => spawnSync(process.execPath, ['-e', 'void process.ppid'], { stdio: 'ignore' }).pid!;

type Gadget = ReturnType<typeof eventSourceGadget<Record<string, never>, Ev>>;
const running: Gadget[] = [];
afterEach(() => {
  for (const g of running.splice(0)) g.close();
});

/** eventSourceGadget over `object`, initialised and started as the runtime would; `events` fills on stop(). */
async function start(object: string, opts: { traceSelf?: boolean; filter?: MountNsFilter } = {}) {
  const gadget = eventSourceGadget<Record<string, never>, Ev>({ object, struct: 'event', schema: event, name: 'shape_filters' });
  running.push(gadget);
  const events: Ev[] = [];
  const ctx = gadgetContext({}, { traceSelf: opts.traceSelf ?? false });
  gadget.init(ctx);
  gadget.setEventHandlerArray((evs) => void events.push(...evs));
  if (opts.filter) gadget.setMountNsFilter(opts.filter);
  await gadget.start();
  return { gadget, events, ctx };
}

describe.skipIf(skip)('the runtime\'s own process, left out in the kernel', () => {
  it('by default this process\'s calls are not reported, another process\'s are', async () => {
    const { gadget, events } = await start(FILTERED);
    ownCalls();
    const child = childCall();
    gadget.stop();
    expect(events.filter((e) => e.pid === process.pid)).toEqual([]);
    expect(events.some((e) => e.pid === child)).toBe(true);
  });

  it('traceSelf reports them', async () => {
    const { gadget, events } = await start(FILTERED, { traceSelf: true });
    ownCalls(3);
    gadget.stop();
    expect(events.filter((e) => e.pid === process.pid).length).toBeGreaterThanOrEqual(3);
  });

  it('an object without <gadgetry/self_filter.h> loads and reports everything', async () => {
    const { gadget, events } = await start(PLAIN);
    ownCalls(3);
    gadget.stop();
    expect(events.filter((e) => e.pid === process.pid).length).toBeGreaterThanOrEqual(3);
  });
});

describe.skipIf(skip)('the container filter, kept in step in the kernel', () => {
  it('keeps only the namespaces asked for, and follows them as they change until close', async () => {
    const filter = new ChangingFilter([OWN_MNTNS]);
    const { gadget, events } = await start(FILTERED, { traceSelf: true, filter });
    ownCalls(2);
    filter.set([OTHER_MNTNS]);
    ownCalls(2); // filtered out
    filter.set([OTHER_MNTNS, OWN_MNTNS]);
    ownCalls(2);
    gadget.stop();
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.mntnsId === OWN_MNTNS)).toBe(true);
    expect(events.filter((e) => e.pid === process.pid)).toHaveLength(4);
    expect(filter.listeners.size).toBe(1);
    gadget.close();
    expect(filter.listeners.size).toBe(0);
  });

  it('two filters (a container and a pod filter) keep only what both keep, following each as it changes', async () => {
    const containers = new ChangingFilter([OWN_MNTNS]);
    const pods = new ChangingFilter([OTHER_MNTNS]);
    const gadget = eventSourceGadget<Record<string, never>, Ev>({ object: FILTERED, struct: 'event', schema: event, name: 'shape_filters' });
    running.push(gadget);
    const events: Ev[] = [];
    gadget.init(gadgetContext({}, { traceSelf: true }));
    gadget.setEventHandlerArray((evs) => void events.push(...evs));
    gadget.setMountNsFilter(containers);
    gadget.setMountNsFilter(pods);
    await gadget.start();
    ownCalls(2); // only the container filter keeps this namespace: dropped
    pods.set([OTHER_MNTNS, OWN_MNTNS]);
    ownCalls(3); // both keep it
    containers.set([]);
    ownCalls(2); // the container filter let go of it: dropped
    gadget.stop();
    expect(events.filter((e) => e.pid === process.pid)).toHaveLength(3);
    gadget.close();
    expect(containers.listeners.size + pods.listeners.size).toBe(0);
  });

  it('the gadget_mntns_filter map holds exactly the filter\'s ids after each change', async () => {
    const filter = new ChangingFilter([OWN_MNTNS, OTHER_MNTNS]);
    const source = await EventSource.load<Ev>({ object: FILTERED, struct: 'event', schema: event, onEvents: () => {}, mntnsFilter: filter });
    try {
      const ids = () => [...source.collection.map('gadget_mntns_filter').keys()].map((k) => Number(k.readBigUInt64LE())).sort((a, b) => a - b);
      expect(ids()).toEqual([OTHER_MNTNS, OWN_MNTNS].sort((a, b) => a - b));
      filter.set([OTHER_MNTNS + 1]);
      expect(ids()).toEqual([OTHER_MNTNS + 1]);
      filter.set([]);
      expect(ids()).toEqual([]);
    } finally {
      source.close();
    }
    expect(filter.listeners.size).toBe(0);
  });

  it('an object without <gadgetry/mntns_filter.h> is refused at start when a filter is asked for', async () => {
    const gadget = eventSourceGadget<Record<string, never>, Ev>({ object: PLAIN, struct: 'event', schema: event });
    running.push(gadget);
    gadget.init(gadgetContext({}));
    gadget.setMountNsFilter(new ChangingFilter([OWN_MNTNS]));
    let err: unknown;
    try {
      await gadget.start();
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({
      code: 'FILTER_UNSUPPORTED',
      message: 'the BPF object has no gadget_mntns_filter map; include <gadgetry/mntns_filter.h> to filter by container',
    });
  });
});
