// The feature probes against the running kernel: what they say about each
// kind of program must be what happens when a real object of that kind is
// loaded and attached here, whatever this kernel offers.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ATTACH_KINDS,
  BpfError,
  Collection,
  addon,
  attachSupport,
  featureReport,
  helperSupported,
  hookStatus,
  kernelAtLeast,
  kernelTestGate,
  mapTypeSupported,
  prepareKernel,
  programTypeSupported,
  simulateKernel,
} from '../src/index.js';
import { FIXTURE_BUILD } from './buildFixtures.js';

const skip = kernelTestGate();
const PROBE = join(FIXTURE_BUILD, 'probe.bpf.o');

const open: Collection[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

/** Whether `fn` (a load or attach of a real object) works here. */
function works(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (err) {
    expect(err).toBeInstanceOf(BpfError);
    return false;
  }
}

function track(c: Collection): Collection {
  open.push(c);
  return c;
}

describe.skipIf(skip)('attach probes agree with real objects', () => {
  beforeAll(() => prepareKernel());

  it('tracepoint, tp_btf, iterator and perf_event programs', () => {
    const c = track(Collection.load(PROBE));
    expect(attachSupport('tracepoint').state === 'ok').toBe(works(() => c.attach('on_getppid')));
    expect(attachSupport('tp_btf').state === 'ok').toBe(works(() => c.attach('on_switch')));
    expect(attachSupport('iter').state === 'ok').toBe(works(() => c.attach('dump_task').readIterator()));
    expect(attachSupport('perf_event').state === 'ok').toBe(works(() => c.attachPerfEvent('on_sample', { cpu: 0, samplePeriod: 1e9 })));
  });

  it('kprobes: missing exactly when the real program cannot attach, and then for want of kprobes', () => {
    const k = track(Collection.load(join(FIXTURE_BUILD, 'kprobe.bpf.o'), { globals: { target_tgid: process.pid } }));
    const attached = works(() => k.attach('on_open'));
    const status = attachSupport('kprobe');
    expect(status.state === 'ok').toBe(attached);
    const pmu = existsSync('/sys/bus/event_source/devices/kprobe/type') || existsSync('/sys/kernel/tracing/kprobe_events');
    if (!pmu) expect(status).toMatchObject({ label: 'kprobes', state: 'missing', detail: 'not available (CONFIG_KPROBES is off)', since: '4.1' });
  });

  it('fentry: refused exactly when the real program fails to load with EPERM', () => {
    let errno = 0;
    try {
      track(Collection.load(join(FIXTURE_BUILD, 'fentry.bpf.o'), { globals: { target_tgid: process.pid } }));
    } catch (err) {
      errno = (err as BpfError).errno;
    }
    const status = attachSupport('fentry');
    expect(status.state === 'refused').toBe(errno === 1);
    expect(status.state === 'ok').toBe(errno === 0);
    if (errno === 1) expect(status.detail).toBe('refused (EPERM)');
  });

  it('answers are kept for the process: asking again loads nothing', () => {
    for (const kind of ATTACH_KINDS) attachSupport(kind);
    const a = addon();
    const original = a.probeAttach;
    let calls = 0;
    a.probeAttach = (...args) => (calls++, original(...args));
    try {
      const again = ATTACH_KINDS.map((k) => attachSupport(k));
      expect(again.every((s) => s.state !== undefined)).toBe(true);
      expect(calls).toBe(0);
    } finally {
      a.probeAttach = original;
    }
  });
});

describe.skipIf(skip)('program types, map types and helpers by name', () => {
  it('answers from libbpf\'s probes, by the names libbpf gives them', () => {
    expect(programTypeSupported('tracepoint')).toBe(true);
    expect(programTypeSupported('socket_filter')).toBe(true);
    expect(mapTypeSupported('hash')).toBe(true);
    expect(mapTypeSupported('ringbuf')).toBe(kernelAtLeast('5.8'));
    expect(helperSupported('tracepoint', 'ringbuf_output')).toBe(kernelAtLeast('5.8'));
    expect(helperSupported('tracepoint', 'bpf_get_current_pid_tgid')).toBe(true);
    // a tracepoint has no packet to write to
    expect(helperSupported('tracepoint', 'skb_store_bytes')).toBe(false);
  });

  it('refuses names it does not know, listing the ones it does', () => {
    expect(() => programTypeSupported('kprobez')).toThrow(/^unknown program type "kprobez"; known: socket_filter, kprobe, /);
    expect(() => mapTypeSupported('hashh')).toThrow(/^unknown map type "hashh"; known: hash, array, /);
    expect(() => helperSupported('tracepoint', 'no_such_helper')).toThrow(new RangeError('probeHelper(programType, helper): unknown helper no_such_helper'));
  });
});

describe.skipIf(skip)('hooks', () => {
  beforeAll(() => prepareKernel());

  it('a hook is present, or absent with the reason in one clause', () => {
    expect(hookStatus('tracepoint/syscalls/sys_enter_getppid')).toEqual({ hook: 'tracepoint syscalls/sys_enter_getppid', present: true, reason: '' });
    expect(hookStatus('tracepoint/gadgetry_test/no_such_event')).toEqual({
      hook: 'tracepoint gadgetry_test/no_such_event',
      present: false,
      reason: 'tracepoint gadgetry_test/no_such_event does not exist on this kernel',
    });
    expect(hookStatus('raw_tp/gadgetry_no_such_event')).toMatchObject({ present: false, reason: 'raw tracepoint gadgetry_no_such_event does not exist on this kernel' });
    if (attachSupport('tp_btf').state === 'ok') {
      expect(hookStatus('tp_btf/sched_switch').present).toBe(true);
      expect(hookStatus('tp_btf/gadgetry_no_such_event').reason).toBe('BTF tracepoint gadgetry_no_such_event does not exist on this kernel');
    }
    if (attachSupport('iter').state === 'ok') {
      expect(hookStatus('iter/task').present).toBe(true);
      expect(hookStatus('iter/gadgetry_nope').reason).toBe('BPF iterator gadgetry_nope does not exist on this kernel');
    }
    expect(hookStatus('xdp')).toEqual({ hook: 'section xdp', present: undefined, reason: '' });
  });

  it('a kprobe hook is absent for want of kprobes, or of its function', () => {
    const kprobes = attachSupport('kprobe');
    if (kprobes.state === 'missing') expect(hookStatus('kprobe/vfs_read')).toMatchObject({ present: false, reason: `this kernel has no kprobes (${kprobes.cause})` });
    const undo = simulateKernel({ attach: { kprobe: { state: 'ok', detail: 'loads and attaches' } } });
    try {
      expect(hookStatus('kprobe/vfs_read+4').present).toBe(true);
      expect(hookStatus('kretprobe/gadgetry_no_such_function')).toMatchObject({
        hook: 'kprobe on gadgetry_no_such_function',
        present: false,
        reason: 'kernel function gadgetry_no_such_function does not exist on this kernel',
      });
    } finally {
      undo();
    }
    expect(attachSupport('kprobe')).toEqual(kprobes); // the simulation is gone
  });
});

describe.skipIf(skip)('the features doctor reports', () => {
  it('one line per kind of program, with the Linux version it arrived in, agreeing with attachSupport()', () => {
    const lines = new Map(featureReport().map((l) => [l.name, l]));
    for (const kind of ATTACH_KINDS) {
      const s = attachSupport(kind);
      expect(lines.get(s.label)).toEqual({ name: s.label, state: s.state, detail: `${s.detail}; since Linux ${s.since}` });
    }
    expect(lines.get('kernel BTF')?.state).toBe('ok');
    expect(lines.get('map types')?.detail).toMatch(/^\d+ of \d+/);
  });
});
