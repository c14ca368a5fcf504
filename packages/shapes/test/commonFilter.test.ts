// The common filters (--pid, --tid, --uid, --gid, --comm) drop other processes'
// events in the kernel: a real BPF object on getppid(), read through
// EventSource, counting the records the ring buffer delivered. Beside each
// filtered source an unfiltered one sees the same calls, so the records
// missing from the filtered one are the filter's doing.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { Type, type TObject } from '@gadgetry/sdk';
import { EventSource, commonFiltersOf, eventSourceGadget, type CommonFilters } from '../src/index.js';
import { FIXTURE_BUILD } from './buildFixtures.js';
import { gadgetContext } from './fixtures/gadgetContext.js';

const skip = kernelTestGate();
const OBJECT = join(FIXTURE_BUILD, 'getppid_common.bpf.o');
const PLAIN = join(FIXTURE_BUILD, 'getppid_plain.bpf.o');
const NOBODY = 65534;

const event: TObject = Type.Object({ pid: Type.Integer(), tid: Type.Integer(), uid: Type.Integer(), gid: Type.Integer(), comm: Type.String() });
type Ev = { pid: number; tid: number; uid: number; gid: number; comm: string };

const unique = `cf${process.pid % 100000}`;

const sources: EventSource<Ev>[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const s of sources.splice(0)) s.close();
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/**
 * A node process that calls getppid() `calls` times when told to, as
 * `uid`/`gid`, its command name set to `comm` (process.title renames the main
 * thread, which makes the calls; node names it MainThread otherwise).
 */
async function caller(o: { comm?: string; uid?: number; gid?: number; calls?: number } = {}) {
  const title = o.comm ? `process.title = ${JSON.stringify(o.comm)};` : '';
  const script = `${title} process.stdin.once('data', () => { for (let i = 0; i < ${o.calls ?? 5}; i++) void process.ppid; process.exit(0); }); process.stdout.write('ready\\n');`;
  const child = spawn(process.execPath, ['-e', script], { uid: o.uid, gid: o.gid, stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise((ready) => child.stdout!.once('data', ready));
  const exited = new Promise((r) => child.once('exit', r));
  return { pid: child.pid!, go: async () => (child.stdin!.write('go\n'), await exited) };
}

/** Loads the object with `common`, records what the ring buffer delivers. */
async function source(common?: CommonFilters, object = OBJECT) {
  const events: Ev[] = [];
  const s = await EventSource.load<Ev>({ object, struct: 'event', schema: event, traceSelf: true, common, onEvents: (evs) => void events.push(...evs) });
  sources.push(s);
  s.start();
  return { s, events };
}

/** Lets the callers run with a filtered and an unfiltered source attached; returns both after stop. */
async function run(common: CommonFilters, callers: { go: () => Promise<unknown> }[]) {
  const filtered = await source(common);
  const all = await source();
  for (let i = 0; i < 5; i++) void process.ppid; // this process calls too
  for (const c of callers) await c.go();
  filtered.s.stop();
  all.s.stop();
  // nothing was filtered in user space: every delivered record became an event
  expect(filtered.s.delivered).toBe(filtered.events.length);
  return { kept: filtered.events, all: all.events, delivered: filtered.s.delivered };
}

describe.skipIf(skip)('the common filters, applied in the kernel', () => {
  it('--comm delivers only the calls of processes with that command name', async () => {
    const target = await caller({ comm: `${unique}comm` });
    const other = await caller({ comm: `${unique}other` });
    const { kept, all, delivered } = await run({ comm: [`${unique}comm`] }, [target, other]);
    expect(all.filter((e) => e.pid === other.pid).length).toBeGreaterThanOrEqual(5);
    expect(all.filter((e) => e.pid === process.pid).length).toBeGreaterThanOrEqual(5);
    expect(kept.filter((e) => e.pid === target.pid).length).toBeGreaterThanOrEqual(5);
    expect(kept.every((e) => e.comm === `${unique}comm`)).toBe(true);
    expect(delivered).toBe(kept.filter((e) => e.pid === target.pid).length);
  });

  it('--uid delivers only the calls of processes running as that user', async () => {
    const target = await caller({ uid: NOBODY, gid: NOBODY });
    const root = await caller();
    const { kept, all } = await run({ uid: [NOBODY] }, [target, root]);
    expect(all.filter((e) => e.pid === root.pid).length).toBeGreaterThanOrEqual(5);
    expect(kept.filter((e) => e.pid === target.pid).length).toBeGreaterThanOrEqual(5);
    expect(kept.every((e) => e.uid === NOBODY)).toBe(true);
  });

  it('--pid takes a list and delivers only those processes\' calls', async () => {
    const [a, b, c] = [await caller(), await caller(), await caller()];
    const { kept, all, delivered } = await run({ pid: [a.pid, b.pid] }, [a, b, c]);
    expect(all.filter((e) => e.pid === c.pid).length).toBeGreaterThanOrEqual(5);
    expect(kept.filter((e) => e.pid === a.pid).length).toBeGreaterThanOrEqual(5);
    expect(kept.filter((e) => e.pid === b.pid).length).toBeGreaterThanOrEqual(5);
    expect(delivered).toBe(kept.filter((e) => e.pid === a.pid || e.pid === b.pid).length);
  });

  it('--tid and --gid filter on the thread and the group', async () => {
    const target = await caller({ gid: NOBODY });
    const other = await caller();
    const byTid = await run({ tid: [target.pid] }, [target]); // node calls getppid() on its main thread
    expect(byTid.kept.length).toBeGreaterThanOrEqual(5);
    expect(byTid.kept.every((e) => e.tid === target.pid)).toBe(true);
    expect(byTid.all.some((e) => e.pid === process.pid)).toBe(true);
    const byGid = await run({ gid: [NOBODY] }, [other]);
    expect(byGid.all.filter((e) => e.pid === other.pid).length).toBeGreaterThanOrEqual(5);
    expect(byGid.kept.every((e) => e.gid === NOBODY)).toBe(true);
    expect(byGid.kept.filter((e) => e.pid === other.pid)).toEqual([]);
  });

  it('every filter given must pass: --comm and --uid together', async () => {
    const both = await caller({ comm: `${unique}both`, uid: NOBODY, gid: NOBODY });
    const commOnly = await caller({ comm: `${unique}both` });
    const { kept, all } = await run({ comm: [`${unique}both`], uid: [NOBODY] }, [both, commOnly]);
    expect(all.filter((e) => e.pid === commOnly.pid).length).toBeGreaterThanOrEqual(5);
    expect(kept.filter((e) => e.pid === both.pid).length).toBeGreaterThanOrEqual(5);
    expect(kept.every((e) => e.pid === both.pid)).toBe(true);
  });

  it('reaches the kernel from the gadget\'s params through eventSourceGadget', async () => {
    const target = await caller({ comm: `${unique}shape` });
    const gadget = eventSourceGadget<CommonFilters, Ev>({ object: OBJECT, struct: 'event', schema: event });
    const events: Ev[] = [];
    gadget.init(gadgetContext({ comm: [`${unique}shape`] }, { traceSelf: true }));
    gadget.setEventHandlerArray((evs) => void events.push(...evs));
    await gadget.start();
    try {
      for (let i = 0; i < 5; i++) void process.ppid;
      await target.go();
      gadget.stop();
    } finally {
      gadget.close();
    }
    expect(events.length).toBeGreaterThanOrEqual(5);
    expect(events.every((e) => e.pid === target.pid)).toBe(true);
  });

  it('an object without <gadgetry/common_filter.h> is refused when a filter is asked for', async () => {
    let err: unknown;
    try {
      await source({ pid: [1], comm: ['x'] }, PLAIN);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({
      code: 'FILTER_UNSUPPORTED',
      message: 'this gadget cannot filter by --pid, --comm: its BPF object does not include <gadgetry/common_filter.h>',
    });
  });
});

describe('the common filters in a gadget\'s params', () => {
  it('are taken from the lists in the params; empty lists and the gadget\'s own scalars are not filters', () => {
    expect(commonFiltersOf({ pid: [1, 2], comm: ['sh'], failed: true })).toEqual({ pid: [1, 2], comm: ['sh'] });
    expect(commonFiltersOf({ pid: [], uid: [] })).toBeUndefined();
    expect(commonFiltersOf({ pid: 42 })).toBeUndefined();
    expect(commonFiltersOf(undefined)).toBeUndefined();
  });

  it('refuses values the kernel could not match, with one line naming the flag', () => {
    const refusal = (params: Record<string, unknown>) => {
      try {
        commonFiltersOf(params);
      } catch (err) {
        return err as { code: string; message: string };
      }
      return undefined;
    };
    expect(refusal({ comm: ['é'.repeat(8)] })).toEqual(
      expect.objectContaining({ code: 'PARAM_INVALID', message: `invalid value "${'é'.repeat(8)}" for --comm: 16 bytes; the kernel keeps at most 15 bytes of a command name` }),
    );
    // control characters reach the terminal escaped
    expect(refusal({ comm: [`a\u009b\u001b${'b'.repeat(13)}`] })?.message).toBe(
      `invalid value "a\\u009b\\u001b${'b'.repeat(13)}" for --comm: 17 bytes; the kernel keeps at most 15 bytes of a command name`,
    );
    expect(refusal({ pid: [4294967296] })?.message).toBe('invalid value 4294967296 for --pid: expected an integer from 0 to 4294967295');
    expect(refusal({ uid: [1.5] })?.message).toBe('invalid value 1.5 for --uid: expected an integer from 0 to 4294967295');
    expect(refusal({ gid: Array.from({ length: 65 }, (_, i) => i) })?.message).toBe('too many values for --gid: 65; the kernel keeps at most 64');
    expect(refusal({ comm: [''] })?.message).toBe('invalid value "" for --comm: expected a command name');
  });
});
