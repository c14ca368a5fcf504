import { existsSync } from 'node:fs';
import { kernelBtfHas, kernelFunctionExists, syscallExists, tracefsRoot } from './kernelBtf.js';
import { attachSupport, type AttachKind, type FeatureStatus } from './kernelFeatures.js';
import { simulatedAttach, simulatedMissing } from './simulateKernel.js';

/** The kernel hook a program's section names. */
export type Hook =
  | { kind: 'tracepoint'; category: string; name: string }
  | { kind: 'raw_tracepoint' | 'tp_btf'; name: string }
  | { kind: 'kprobe'; function: string; syscall: boolean }
  | { kind: 'fentry'; function: string }
  | { kind: 'lsm'; hook: string }
  | { kind: 'iter'; target: string }
  | { kind: 'uprobe' | 'perf_event' | 'socket_filter' }
  | { kind: 'other'; section: string };

/** The hook of a libbpf section name ("tracepoint/syscalls/sys_enter_openat", "kprobe/vfs_read+4", ...). */
export function hookOf(section: string): Hook {
  const [prefix = '', ...rest] = section.split('/');
  const target = rest.join('/');
  switch (prefix) {
    case 'tracepoint':
    case 'tp': {
      const [category = '', name = ''] = rest;
      return { kind: 'tracepoint', category, name };
    }
    case 'raw_tracepoint':
    case 'raw_tp':
    case 'raw_tracepoint.w':
    case 'raw_tp.w':
      return { kind: 'raw_tracepoint', name: target };
    case 'tp_btf':
      return { kind: 'tp_btf', name: target };
    case 'kprobe':
    case 'kretprobe':
      return { kind: 'kprobe', function: target.replace(/\+.*$/, ''), syscall: false };
    case 'ksyscall':
    case 'kretsyscall':
      return { kind: 'kprobe', function: target, syscall: true };
    case 'fentry':
    case 'fexit':
    case 'fmod_ret':
    case 'fentry.s':
    case 'fexit.s':
    case 'fmod_ret.s':
      return { kind: 'fentry', function: target };
    case 'lsm':
    case 'lsm.s':
      return { kind: 'lsm', hook: target };
    case 'iter':
    case 'iter.s':
      return { kind: 'iter', target };
    case 'uprobe':
    case 'uretprobe':
    case 'uprobe.s':
    case 'uretprobe.s':
      return { kind: 'uprobe' };
    case 'perf_event':
      return { kind: 'perf_event' };
    case 'socket':
      return { kind: 'socket_filter' };
    default:
      return { kind: 'other', section };
  }
}

/** The hook in words: "tracepoint syscalls/sys_enter_openat2", "kprobe on vfs_read". */
export function describeHook(h: Hook): string {
  switch (h.kind) {
    case 'tracepoint':
      return `tracepoint ${h.category}/${h.name}`;
    case 'raw_tracepoint':
      return `raw tracepoint ${h.name}`;
    case 'tp_btf':
      return `BTF tracepoint ${h.name}`;
    case 'kprobe':
      return h.syscall ? `kprobe on syscall ${h.function}` : `kprobe on ${h.function}`;
    case 'fentry':
      return `fentry/fexit on ${h.function}`;
    case 'lsm':
      return `LSM hook ${h.hook}`;
    case 'iter':
      return `BPF iterator ${h.target}`;
    case 'uprobe':
      return 'uprobe';
    case 'perf_event':
      return 'perf event';
    case 'socket_filter':
      return 'socket filter';
    default:
      return `section ${h.section}`;
  }
}

/** Whether a hook is there: true, false (with why not), or undefined when nothing could tell. */
export interface HookStatus {
  hook: string;
  present: boolean | undefined;
  /** Why it is absent, in one clause: "tracepoint syscalls/sys_enter_openat2 does not exist on this kernel". */
  reason: string;
}

const ATTACH_KIND: Record<Exclude<Hook['kind'], 'other'>, AttachKind> = {
  tracepoint: 'tracepoint',
  raw_tracepoint: 'raw_tracepoint',
  tp_btf: 'tp_btf',
  kprobe: 'kprobe',
  fentry: 'fentry',
  lsm: 'lsm',
  iter: 'iter',
  uprobe: 'uprobe',
  perf_event: 'perf_event',
  socket_filter: 'socket_filter',
};

/** "this kernel has no kprobes (CONFIG_KPROBES is off)", "fentry/fexit: refused (EPERM)". */
function featureAbsent(s: FeatureStatus): string {
  if (s.state === 'missing') return `this kernel has no ${s.label}${s.cause ? ` (${s.cause})` : `: ${s.detail}`}`;
  return `${s.label}: ${s.detail}`;
}

/** Whether the thing the hook names exists, apart from whether its kind of program works. */
function targetExists(h: Hook): boolean | undefined {
  switch (h.kind) {
    case 'tracepoint': {
      const root = tracefsRoot();
      if (root) return existsSync(`${root}/events/${h.category}/${h.name}`);
      const syscall = h.category === 'syscalls' ? /^sys_(?:enter|exit)_(\w+)$/.exec(h.name) : null;
      if (syscall) return syscallExists(syscall[1]!);
      return kernelBtfHas([`typedef:btf_trace_${h.name}`])[0];
    }
    case 'raw_tracepoint':
    case 'tp_btf':
      return kernelBtfHas([`typedef:btf_trace_${h.name}`])[0];
    case 'kprobe':
      return h.syscall ? syscallExists(h.function) : kernelFunctionExists(h.function);
    case 'fentry':
      return kernelBtfHas([`func:${h.function}`])[0];
    case 'lsm':
      return kernelBtfHas([`func:bpf_lsm_${h.hook}`])[0];
    case 'iter':
      return kernelBtfHas([`func:bpf_iter_${h.target}`])[0];
    default:
      return true;
  }
}

/** Why a hook whose target is absent is absent. */
function targetAbsent(h: Hook): string {
  switch (h.kind) {
    case 'kprobe':
      return h.syscall ? `syscall ${h.function} does not exist on this kernel` : `kernel function ${h.function} does not exist on this kernel`;
    case 'fentry':
      return `kernel function ${h.function} is not in the kernel's BTF (fentry/fexit need it there)`;
    case 'tracepoint':
    case 'raw_tracepoint':
    case 'tp_btf':
    case 'lsm':
    case 'iter':
      return `${describeHook(h)} does not exist on this kernel`;
    default:
      return `${describeHook(h)} is not available on this kernel`;
  }
}

/**
 * Whether tracefs lists the tracepoint, when it is mounted: a listed one is
 * one the kernel has, and kernels that load BPF programs attach them to
 * tracepoints, so the attach probe (a perf event and an RCU grace period at
 * its close, ~100 ms of a start) is left to explain a load or attach that
 * fails after all (hookFailureHint); an optional group refused at load is
 * left out then. Undefined when tracefs cannot tell.
 */
function listedTracepoint(h: Hook): boolean | undefined {
  if (h.kind !== 'tracepoint' || simulatedAttach('tracepoint')) return undefined;
  const root = tracefsRoot();
  return root === undefined ? undefined : existsSync(`${root}/events/${h.category}/${h.name}`);
}

/**
 * Whether the hook of `section` exists on this kernel, from the probes:
 * first whether its kind of program loads and attaches here, then whether
 * its target (tracepoint, function, iterator) exists.
 */
export function hookStatus(section: string): HookStatus {
  const h = hookOf(section);
  const hook = describeHook(h);
  if (simulatedMissing(section)) return { hook, present: false, reason: targetAbsent(h) };
  if (h.kind === 'other') return { hook, present: undefined, reason: '' };
  const listed = listedTracepoint(h);
  if (listed !== undefined) return listed ? { hook, present: true, reason: '' } : { hook, present: false, reason: targetAbsent(h) };
  const feature = attachSupport(ATTACH_KIND[h.kind]);
  if (feature.state === 'missing' || feature.state === 'refused') return { hook, present: false, reason: featureAbsent(feature) };
  const exists = targetExists(h);
  if (exists === false) return { hook, present: false, reason: targetAbsent(h) };
  return { hook, present: feature.state === 'unknown' || exists === undefined ? undefined : true, reason: '' };
}

const ENOENT = 2;
const OFFER = 'the gadget needs a hook this kernel does not offer';

/**
 * What to tell the user about a failed load or attach of a program in
 * `section`, from the probes' answers; '' when they explain nothing. Never
 * throws: an error's hint must not become an error of its own.
 */
export function hookFailureHint(section: string, code: string, errno: number): string {
  try {
    const h = hookOf(section);
    if (h.kind === 'other') return '';
    if (h.kind === 'tracepoint' && code === 'BPF_ATTACH_FAILED' && errno === ENOENT && !tracefsRoot()) {
      return 'tracefs is not mounted at /sys/kernel/tracing, so no tracepoint can be found; mount it (mount -t tracefs none /sys/kernel/tracing) or see gadgetry doctor';
    }
    const feature = attachSupport(ATTACH_KIND[h.kind]);
    if ((h.kind === 'fentry' || h.kind === 'lsm') && feature.state === 'refused') {
      return `this kernel refuses fentry/fexit/LSM programs; ${OFFER}`;
    }
    if (feature.state === 'missing' || feature.state === 'refused') return `${featureAbsent(feature)}; ${OFFER}`;
    const status = simulatedMissing(section) || targetExists(h) === false ? targetAbsent(h) : '';
    if (status) return `${status}; ${OFFER}`;
    if (h.kind === 'kprobe' && code === 'BPF_ATTACH_FAILED') {
      return `this kernel has kprobes, but refused one on ${h.function} (a function excluded from probing, or one the compiler inlined)`;
    }
    return '';
  } catch {
    return '';
  }
}
