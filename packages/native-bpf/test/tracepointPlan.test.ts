// Planning an object whose programs sit on tracepoints tracefs lists runs
// no attach probe (it costs a perf event and an RCU grace period, ~100 ms of
// every start): the listing is the answer, and the real load and attach that
// follow prove it. A hook that is absent, or a kind the kernel refuses, is
// still named before loading or at the failure.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BpfError, Collection, addon, hookStatus, kernelTestGate, planPrograms, prepareKernel, simulateKernel } from '../src/index.js';
import { FIXTURE_BUILD } from './buildFixtures.js';

const skip = kernelTestGate();
const GETPPID = join(FIXTURE_BUILD, 'interval_swap.bpf.o');
const MISSING = join(FIXTURE_BUILD, 'missing_hook.bpf.o');

let probes = 0;
let restore: (() => void) | undefined;
const undo: (() => void)[] = [];
const open: Collection[] = [];

beforeAll(() => {
  if (skip) return;
  prepareKernel();
  // counts the real probe's calls; this file is the first to ask for tracepoints in its process
  const a = addon();
  const original = a.probeAttach;
  a.probeAttach = (...args) => {
    probes++;
    return original(...args);
  };
  restore = () => (a.probeAttach = original);
});
afterAll(() => restore?.());
afterEach(() => {
  for (const u of undo.splice(0)) u();
  for (const c of open.splice(0)) c.close();
});

describe.skipIf(skip)('tracepoints tracefs lists need no attach probe', () => {
  it('plans, loads and attaches a program on a listed tracepoint without probing, and it fires', () => {
    expect(planPrograms(GETPPID, { checkRequired: true })).toEqual({ skip: [], skipped: [], groups: [] });
    expect(probes).toBe(0);
    const c = Collection.load(GETPPID, { globals: { target_tgid: process.pid } });
    open.push(c);
    c.attach('on_getppid');
    for (let i = 0; i < 3; i++) void process.ppid; // getppid()
    const key = Buffer.alloc(4);
    key.writeUInt32LE(process.pid);
    expect(c.map('plain').lookup(key)?.readBigUInt64LE(0)).toBeGreaterThanOrEqual(3n);
    expect(probes).toBe(0);
  });

  it('a tracepoint the kernel lacks is still refused before loading, naming it', () => {
    let err: unknown;
    try {
      planPrograms(MISSING, { checkRequired: true });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BpfError);
    expect((err as BpfError).code).toBe('BPF_HOOK_MISSING');
    expect((err as BpfError).message).toBe('program on_invented (tracepoint/gadgetry_test/no_such_event) cannot run on this kernel: tracepoint gadgetry_test/no_such_event does not exist on this kernel');
    expect(probes).toBe(0);
  });

  it('where the kernel refuses tracepoint programs, the hook is absent and says why', () => {
    undo.push(simulateKernel({ attach: { tracepoint: { state: 'refused', detail: 'refused (EPERM)', errno: 1 } } }));
    expect(hookStatus('tracepoint/syscalls/sys_enter_getppid')).toEqual({
      hook: 'tracepoint syscalls/sys_enter_getppid',
      present: false,
      reason: 'tracepoints: refused (EPERM)',
    });
  });
});
