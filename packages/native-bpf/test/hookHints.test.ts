// What an error says about a hook comes from probing the kernel, not from
// guessing by the section's name: real failures, with the probes' answers
// as this kernel gives them or as a kernel with other features would.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BpfError, Collection, attachSupport, kernelTestGate, prepareKernel, simulateKernel, toBpfError } from '../src/index.js';
import { FIXTURE_BUILD } from './buildFixtures.js';

const skip = kernelTestGate();
const OFFER = 'the gadget needs a hook this kernel does not offer';

const undo: (() => void)[] = [];
const open: Collection[] = [];
afterEach(() => {
  for (const u of undo.splice(0)) u();
  for (const c of open.splice(0)) c.close();
});

/** Makes the probes answer as a kernel where `kind` loads and attaches. */
function pretendWorks(kind: 'kprobe' | 'fentry'): void {
  undo.push(simulateKernel({ attach: { [kind]: { state: 'ok', detail: 'loads and attaches' } } }));
}

function thrown(fn: () => unknown): BpfError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BpfError);
    return err as BpfError;
  }
  throw new Error('expected a throw');
}

/** Kprobes by either way libbpf attaches them: the perf kprobe PMU, or tracefs' kprobe_events. */
const kernelHasKprobes = () => existsSync('/sys/bus/event_source/devices/kprobe/type') || existsSync('/sys/kernel/tracing/kprobe_events');

describe.skipIf(skip)('hints from the probes', () => {
  beforeAll(() => prepareKernel());

  it('a tracepoint the kernel lacks: attaching names it as missing (tracefs is mounted, so that is certain)', () => {
    const c = Collection.load(join(FIXTURE_BUILD, 'missing_hook.bpf.o'));
    open.push(c);
    const err = thrown(() => c.attach('on_invented'));
    expect(err.message).toBe(
      'cannot attach program on_invented (tracepoint/gadgetry_test/no_such_event): No such file or directory (errno 2); ' +
        `tracepoint gadgetry_test/no_such_event does not exist on this kernel; ${OFFER}`,
    );
  });

  it('"this kernel has no kprobes" only where the probe found none; with kprobes, the failure is about the function', () => {
    const k = Collection.load(join(FIXTURE_BUILD, 'kprobe.bpf.o'), { globals: { target_tgid: process.pid } });
    open.push(k);
    if (kernelHasKprobes()) {
      // this kernel can attach it: nothing to explain
      expect(attachSupport('kprobe').state).toBe('ok');
      k.attach('on_open').close();
      return;
    }
    expect(thrown(() => k.attach('on_open')).message).toMatch(/; this kernel has no kprobes \(CONFIG_KPROBES is off\); the gadget needs/);
    // the same real failure, where the probe says kprobes work: the hint no longer blames the kernel's kprobes
    pretendWorks('kprobe');
    const err = thrown(() => k.attach('on_open'));
    expect(err.message).not.toMatch(/has no kprobes/);
    expect(err.message).toMatch(/; this kernel has kprobes, but refused one on do_sys_openat2 \(/);
  });

  it('a kprobe on a function the kernel does not have says so, where kprobes work', () => {
    pretendWorks('kprobe');
    const err = toBpfError(
      { code: 'BPF_ATTACH_FAILED', errno: 2, message: 'cannot attach program p (kprobe/gadgetry_no_such_function): No such file or directory (errno 2)' },
      'kprobe/gadgetry_no_such_function',
    );
    expect(err.message).toBe(
      `cannot attach program p (kprobe/gadgetry_no_such_function): No such file or directory (errno 2); kernel function gadgetry_no_such_function does not exist on this kernel; ${OFFER}`,
    );
  });

  it('fentry on a function without BTF says so, where fentry works; where fentry is refused, that is what it says', () => {
    const failure = { code: 'BPF_LOAD_FAILED', errno: 22, message: 'cannot load BPF object f: Invalid argument (errno 22)' };
    if (attachSupport('fentry').state === 'refused') {
      expect(toBpfError(failure, 'fentry/gadgetry_no_such_function').message).toBe(
        `cannot load BPF object f: Invalid argument (errno 22); this kernel refuses fentry/fexit/LSM programs; ${OFFER}`,
      );
    }
    pretendWorks('fentry');
    expect(toBpfError(failure, 'fentry/gadgetry_no_such_function').message).toBe(
      `cannot load BPF object f: Invalid argument (errno 22); kernel function gadgetry_no_such_function is not in the kernel's BTF (fentry/fexit need it there); ${OFFER}`,
    );
  });

  it('EPERM for a privileged process is not "run as root"', () => {
    const err = toBpfError({ code: 'BPF_LOAD_FAILED', errno: 1, message: 'cannot load BPF object t: Operation not permitted (errno 1)' }, 'tracepoint/syscalls/sys_enter_getppid');
    expect(err.message).toBe(
      'cannot load BPF object t: Operation not permitted (errno 1); the kernel refused it although this process is privileged ' +
        '(lockdown or a security module may forbid it); gadgetry doctor shows what this kernel allows',
    );
  });
});
