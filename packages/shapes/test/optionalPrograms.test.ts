// Optional programs and a minimum kernel, through eventSourceGadget as the
// runtime drives it: real objects whose hooks this kernel really lacks (an
// invented tracepoint) or whose programs its verifier really refuses.
import { readdirSync } from 'node:fs';
import { release } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BpfError, kernelTestGate, kernelVersion, simulateKernel } from '@gadgetry/native-bpf';
import { Type } from '@gadgetry/sdk';
import { eventSourceGadget, loadForRun, type OptionalPrograms } from '../src/index.js';
import { FIXTURE_BUILD } from './buildFixtures.js';
import { gadgetContext } from './fixtures/gadgetContext.js';
import { ownPrograms } from './fixtures/ownPrograms.js';

const skip = kernelTestGate();
const HOOKS = join(FIXTURE_BUILD, 'optional_hooks.bpf.o');
const REFUSED = join(FIXTURE_BUILD, 'optional_refused.bpf.o');
const FALLBACK = join(FIXTURE_BUILD, 'optional_fallback.bpf.o');
const INVENTED = 'tracepoint gadgetry_test/no_such_event does not exist on this kernel';

const event = Type.Object({ pid: Type.Integer(), exit: Type.Integer() });
type Ev = { pid: number; exit: number };
type Gadget = ReturnType<typeof eventSourceGadget<Record<string, never>, Ev>>;

const running: Gadget[] = [];
afterEach(() => {
  for (const g of running.splice(0)) g.close();
});

const fds = () => readdirSync('/proc/self/fd').length;

/** Starts eventSourceGadget over `object`; getppid() calls of this process then show up as events. */
async function start(object: string, more: { optionalPrograms?: (OptionalPrograms | string)[]; minKernel?: string } = {}) {
  const gadget = eventSourceGadget<Record<string, never>, Ev>({ object, struct: 'event', schema: event, name: 'optional_test', ...more });
  running.push(gadget);
  const events: Ev[] = [];
  const ctx = gadgetContext({});
  gadget.init(ctx);
  gadget.setEventHandlerArray((evs) => void events.push(...evs));
  await gadget.start();
  return { gadget, events, ctx, programs: ownPrograms() };
}

const getppid = (times: number) => {
  for (let i = 0; i < times; i++) void process.ppid;
};

async function failure(p: unknown): Promise<BpfError> {
  const err = await Promise.resolve(p).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BpfError);
  return err as BpfError;
}

describe.skipIf(skip)('optional programs', () => {
  it('a program whose tracepoint this kernel lacks is left out and reported once; the rest loads and runs', async () => {
    const { gadget, events, ctx, programs } = await start(HOOKS, {
      optionalPrograms: [{ programs: ['on_invented'], what: 'the invented event', since: '99.1' }],
    });
    expect(programs).toEqual(['on_getppid', 'on_getppid_exit']);
    getppid(3);
    gadget.stop();
    expect(events.filter((e) => e.pid === process.pid && e.exit === 0)).toHaveLength(3);
    expect(events.filter((e) => e.pid === process.pid && e.exit === 1)).toHaveLength(3);
    expect(ctx.logged.warn).toEqual([`shapes_test: the invented event is not traced: ${INVENTED} (added in 99.1)`]);
    expect(ctx.logged.error).toEqual([]);
  });

  it('the programs of one declaration, named by name or by section, stand or fall together', async () => {
    const { gadget, events, ctx, programs } = await start(HOOKS, {
      optionalPrograms: [{ programs: ['on_getppid_exit', 'tracepoint/gadgetry_test/no_such_event'], what: 'the exits' }],
    });
    expect(programs).toEqual(['on_getppid']);
    getppid(2);
    gadget.stop();
    expect(events.filter((e) => e.pid === process.pid).map((e) => e.exit)).toEqual([0, 0]);
    expect(ctx.logged.warn).toEqual([`shapes_test: the exits is not traced: ${INVENTED}`]);
  });

  it('a required program whose hook this kernel lacks fails before loading, with one line naming it', async () => {
    const before = fds();
    const gadget = eventSourceGadget<Record<string, never>, Ev>({ object: HOOKS, struct: 'event', schema: event, name: 'optional_test' });
    running.push(gadget);
    gadget.init(gadgetContext({}));
    const err = await failure(gadget.start());
    expect(err.code).toBe('BPF_HOOK_MISSING');
    expect(err.message).toBe(`program on_invented (tracepoint/gadgetry_test/no_such_event) cannot run on this kernel: ${INVENTED}`);
    expect(ownPrograms()).toEqual([]);
    expect(fds()).toBe(before);
  });

  it('a required program whose hook is absent, with the version that hook arrived in, says both', async () => {
    const gadget = eventSourceGadget<Record<string, never>, Ev>({
      object: HOOKS,
      struct: 'event',
      schema: event,
      name: 'optional_test',
      hooksAddedIn: { 'tracepoint/gadgetry_test/no_such_event': '99.1' },
    });
    running.push(gadget);
    gadget.init(gadgetContext({}));
    const err = await failure(gadget.start());
    expect(err.code).toBe('BPF_HOOK_MISSING');
    expect(err.message).toBe(
      `program on_invented (tracepoint/gadgetry_test/no_such_event) cannot run on this kernel: ${INVENTED} (added in Linux 99.1; this kernel is ${release()})`,
    );
    expect(ownPrograms()).toEqual([]);
  });

  it('a program the kernel refuses at load time is left out when optional; the rest runs', async () => {
    const { gadget, events, ctx, programs } = await start(REFUSED, { optionalPrograms: ['on_unchecked'] });
    expect(programs).toEqual(['on_getppid']);
    getppid(2);
    gadget.stop();
    expect(events.filter((e) => e.pid === process.pid)).toHaveLength(2);
    expect(ctx.logged.warn).toHaveLength(1);
    expect(ctx.logged.warn[0]).toMatch(
      /^shapes_test: on_unchecked is not traced: the kernel refused program on_unchecked: cannot load BPF object optional_test: program on_unchecked rejected by the verifier: R0 invalid mem access 'map_value_or_null'/,
    );
  });

  it('a refused program that is not optional still fails the load, with the verifier\'s reason', async () => {
    const gadget = eventSourceGadget<Record<string, never>, Ev>({ object: REFUSED, struct: 'event', schema: event, name: 'optional_test' });
    running.push(gadget);
    gadget.init(gadgetContext({}));
    const err = await failure(gadget.start());
    expect(err.code).toBe('BPF_LOAD_FAILED');
    expect(err.message).toMatch(/program on_unchecked rejected by the verifier/);
    expect(ownPrograms()).toEqual([]);
  });

  it('an optional program the object does not have is a mistake of the gadget, named', async () => {
    const gadget = eventSourceGadget<Record<string, never>, Ev>({
      object: HOOKS,
      struct: 'event',
      schema: event,
      optionalPrograms: ['on_invented', 'on_typo'],
    });
    running.push(gadget);
    gadget.init(gadgetContext({}));
    const err = await failure(gadget.start());
    expect(err.code).toBe('BPF_PROGRAM_NOT_FOUND');
    expect(err.message).toBe('optional program on_typo is not in the BPF object; its programs: on_getppid, on_getppid_exit, on_invented');
  });
});

describe.skipIf(skip)('a fallback for optional programs', () => {
  const PRIMARY = 'tracepoint/syscalls/sys_enter_getppid';
  const SECONDARY = 'tracepoint/syscalls/sys_exit_getppid';
  const declared: OptionalPrograms[] = [
    { programs: ['on_primary'], what: 'the entries' },
    { programs: ['on_fallback'], what: 'the exits', fallbackFor: 'on_primary' },
  ];
  /** Runs the fixture as if the kernel lacked `missing`; the marks of this process's getppid() calls, and the warnings. */
  async function marks(missing: string[], more: { skipPrograms?: string[] } = {}) {
    const restore = simulateKernel({ missingHooks: missing });
    try {
      const gadget = eventSourceGadget<Record<string, never>, Ev>({
        object: FALLBACK,
        struct: 'event',
        schema: event,
        optionalPrograms: declared,
        configure: () => more,
      });
      running.push(gadget);
      const events: Ev[] = [];
      const ctx = gadgetContext({});
      gadget.init(ctx);
      gadget.setEventHandlerArray((evs) => void events.push(...evs));
      await gadget.start();
      getppid(3);
      gadget.stop();
      return { marks: events.filter((e) => e.pid === process.pid).map((e) => e.exit), warn: ctx.logged.warn };
    } finally {
      restore();
    }
  }

  it('is loaded but not attached while the programs it stands in for run, and says nothing', async () => {
    expect(await marks([])).toEqual({ marks: [1, 1, 1], warn: [] });
  });

  it('runs in their place when their hook is absent; only their absence is told', async () => {
    expect(await marks([PRIMARY])).toEqual({
      marks: [2, 2, 2],
      warn: ['shapes_test: the entries is not traced: tracepoint syscalls/sys_enter_getppid does not exist on this kernel'],
    });
  });

  it('runs in their place when the gadget skips them itself', async () => {
    expect(await marks([], { skipPrograms: ['on_primary'] })).toEqual({ marks: [2, 2, 2], warn: [] });
  });

  it('is told about only when both are absent, after the programs it stands in for', async () => {
    expect(await marks([SECONDARY])).toEqual({ marks: [1, 1, 1], warn: [] });
    expect(await marks([PRIMARY, SECONDARY])).toEqual({
      marks: [],
      warn: [
        'shapes_test: the entries is not traced: tracepoint syscalls/sys_enter_getppid does not exist on this kernel',
        'shapes_test: the exits is not traced: tracepoint syscalls/sys_exit_getppid does not exist on this kernel',
      ],
    });
  });

  it('naming a program no other declaration holds is a mistake of the gadget, named', async () => {
    const gadget = eventSourceGadget<Record<string, never>, Ev>({
      object: FALLBACK,
      struct: 'event',
      schema: event,
      optionalPrograms: [{ programs: ['on_fallback'], what: 'the exits', fallbackFor: 'on_primary' }],
    });
    running.push(gadget);
    gadget.init(gadgetContext({}));
    const err = await failure(gadget.start());
    expect(err.code).toBe('BPF_PROGRAM_NOT_FOUND');
    expect(err.message).toBe('the exits is declared the fallback for program on_primary, which no other optional declaration names');
    expect(ownPrograms()).toEqual([]);
  });
});

describe.skipIf(skip)('a minimum kernel', () => {
  const release = kernelVersion().release;

  it('above the running kernel: refused at init, before anything is loaded or mounted', () => {
    const gadget = eventSourceGadget<Record<string, never>, Ev>({ object: HOOKS, struct: 'event', schema: event, minKernel: '999.0' });
    let err: unknown;
    try {
      gadget.init(gadgetContext({}));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BpfError);
    expect((err as BpfError).code).toBe('KERNEL_TOO_OLD');
    expect((err as BpfError).message).toBe(`shapes_test needs Linux 999.0 or newer; this kernel is ${release}`);
  });

  it('loadForRun checks it before it opens the object', async () => {
    const err = await failure(loadForRun('/nonexistent/object.bpf.o', { minKernel: '999.1.2', gadget: 'demo' }, {}));
    expect(err.code).toBe('KERNEL_TOO_OLD');
    expect(err.message).toBe(`demo needs Linux 999.1.2 or newer; this kernel is ${release}`);
  });

  it('at or below the running kernel: the gadget runs', async () => {
    const { major, minor } = kernelVersion();
    const { gadget, events } = await start(HOOKS, { optionalPrograms: ['on_invented'], minKernel: `${major}.${minor}` });
    getppid(1);
    gadget.stop();
    expect(events.some((e) => e.pid === process.pid)).toBe(true);
  });
});
