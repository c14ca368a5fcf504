import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { addon, type AttachProbeResult } from './addon.js';
import { tracefsRoot } from './kernelBtf.js';
import { privileged } from './kernelSetup.js';
import { kernelAtLeast } from './kernelVersion.js';
import { simulatedAttach } from './simulateKernel.js';

/** Kinds of programs the attach probe loads and attaches for real. */
export const ATTACH_KINDS = ['tracepoint', 'raw_tracepoint', 'tp_btf', 'kprobe', 'uprobe', 'fentry', 'lsm', 'iter', 'perf_event', 'socket_filter'] as const;
export type AttachKind = (typeof ATTACH_KINDS)[number];

/**
 * Whether a feature works here: `ok`; `missing` (the kernel lacks it);
 * `refused` (it has it but will not let this process use it); `unknown`
 * (not checked: no privileges, or nothing to check with).
 */
export type FeatureState = 'ok' | 'missing' | 'refused' | 'unknown';

export interface FeatureStatus {
  /** What users call it: "kprobes", "fentry/fexit". */
  label: string;
  state: FeatureState;
  /** In words: "not available (CONFIG_KPROBES is off)", "refused (EPERM)". */
  detail: string;
  /** Why it is missing, when known: "CONFIG_KPROBES is off". */
  cause?: string;
  /** The Linux version it arrived in. */
  since: string;
  /** errno of the failed load or attach, 0 otherwise. */
  errno: number;
}

const KINDS: Record<AttachKind, { label: string; since: string; config: string }> = {
  tracepoint: { label: 'tracepoints', since: '4.7', config: 'CONFIG_TRACEPOINTS' },
  raw_tracepoint: { label: 'raw tracepoints', since: '4.17', config: 'CONFIG_BPF_EVENTS' },
  tp_btf: { label: 'BTF tracepoints (tp_btf)', since: '5.5', config: 'CONFIG_DEBUG_INFO_BTF' },
  kprobe: { label: 'kprobes', since: '4.1', config: 'CONFIG_KPROBES' },
  uprobe: { label: 'uprobes', since: '4.3', config: 'CONFIG_UPROBE_EVENTS' },
  fentry: { label: 'fentry/fexit', since: '5.5', config: 'CONFIG_DEBUG_INFO_BTF' },
  lsm: { label: 'LSM programs', since: '5.7', config: 'CONFIG_BPF_LSM' },
  iter: { label: 'BPF iterators', since: '5.8', config: 'CONFIG_DEBUG_INFO_BTF' },
  perf_event: { label: 'perf_event programs', since: '4.9', config: 'CONFIG_PERF_EVENTS' },
  socket_filter: { label: 'socket filters', since: '3.19', config: 'CONFIG_BPF' },
};

const attachCache = new Map<AttachKind, FeatureStatus>();

/** The errno's symbolic name (EPERM), or its number. */
export function errnoName(errno: number): string {
  const name = Object.entries(constants.errno).find(([, n]) => n === errno)?.[0];
  return name ?? (errno === 524 ? 'ENOTSUPP' : `errno ${errno}`);
}

/** Turns what the attach probe saw into a state and a sentence. */
function judge(kind: AttachKind, r: AttachProbeResult): Pick<FeatureStatus, 'state' | 'detail' | 'cause'> {
  const { config, since } = KINDS[kind];
  if (r.attached) return { state: 'ok', detail: 'loads and attaches' };
  const why = r.detail ? `: ${r.detail}` : '';
  if (r.stage === 'load') {
    if (r.errno === 1 || r.errno === 13) return { state: 'refused', detail: `refused (${errnoName(r.errno)})${why}` };
    return { state: 'missing', detail: `not supported: loading fails with ${errnoName(r.errno)}${why}` };
  }
  if (r.stage === 'attach') {
    const state = r.errno === 1 || r.errno === 13 ? 'refused' : 'missing';
    return { state, detail: `loads, but attaching fails with ${errnoName(r.errno)}` };
  }
  // The kernel lacks what attaching needs.
  const tracefs = tracefsRoot();
  if (kind === 'kprobe') {
    if (tracefs && existsSync(`${tracefs}/kprobe_events`)) return { state: 'ok', detail: 'loads; attaches through tracefs kprobe_events' };
    // Since 4.17 a kernel with kprobe events always has the kprobe PMU.
    if (kernelAtLeast('4.17')) return { state: 'missing', detail: `not available (${config} is off)`, cause: `${config} is off` };
    return { state: 'unknown', detail: 'loads; whether it attaches is unknown until tracefs is mounted' };
  }
  if (r.detail.startsWith('cannot tell')) return { state: 'unknown', detail: r.detail };
  if (kind === 'uprobe') return { state: 'missing', detail: `not available (${config} is off)`, cause: `${config} is off` };
  if (kind === 'tracepoint' && !tracefs) return { state: 'ok', detail: 'loads; attaching needs tracefs, which gadgetry mounts when a gadget runs' };
  if (r.detail === 'the kernel has no BTF') return { state: 'missing', detail: `not available: the kernel has no BTF (${config})`, cause: 'the kernel has no BTF' };
  return { state: 'missing', detail: `not available: ${r.detail}${kernelAtLeast(since) ? '' : ` (arrived in Linux ${since})`}` };
}

/** Whether programs of `kind` load and attach here; probed once per process. */
export function attachSupport(kind: AttachKind): FeatureStatus {
  const { label, since } = KINDS[kind];
  const simulated = simulatedAttach(kind);
  if (simulated) return { label, since, errno: simulated.errno ?? 0, state: simulated.state, detail: simulated.detail, cause: simulated.cause };
  const cached = attachCache.get(kind);
  if (cached) return cached;
  probeAll([kind]);
  return attachCache.get(kind)!;
}

/** Probes every kind not yet probed, in one call (the kernel's BTF is read once). */
function probeAll(kinds: readonly AttachKind[]): void {
  const todo = kinds.filter((k) => !attachCache.has(k));
  if (!todo.length) return;
  if (!privileged()) {
    for (const k of todo) attachCache.set(k, { ...KINDS[k], errno: 0, state: 'unknown', detail: 'not checked: loading programs needs root' });
    return;
  }
  let results: AttachProbeResult[];
  try {
    results = addon().probeAttach([...todo], tracefsRoot() ?? '');
  } catch (err) {
    for (const k of todo) attachCache.set(k, { ...KINDS[k], errno: 0, state: 'unknown', detail: `not checked: ${(err as Error).message}` });
    return;
  }
  results.forEach((r, i) => {
    const kind = todo[i]!;
    attachCache.set(kind, { label: KINDS[kind].label, since: KINDS[kind].since, errno: r.attached ? 0 : r.errno, ...judge(kind, r) });
  });
}

/** attachSupport() of every kind, probed together. */
export function allAttachSupport(): FeatureStatus[] {
  probeAll(ATTACH_KINDS);
  return ATTACH_KINDS.map(attachSupport);
}

const typeCache = new Map<string, boolean | undefined>();

function probed(key: string, probe: () => number): boolean | undefined {
  if (typeCache.has(key)) return typeCache.get(key);
  let answer: boolean | undefined;
  try {
    const r = privileged() ? probe() : -1;
    answer = r < 0 ? undefined : r === 1;
  } catch (err) {
    // a name the addon does not know is the caller's mistake, not an unknown answer
    if (err instanceof TypeError || err instanceof RangeError) throw err;
    answer = undefined;
  }
  typeCache.set(key, answer);
  return answer;
}

function typeId(list: { id: number; name: string }[], name: string, what: string): number {
  const t = list.find((x) => x.name === name);
  if (!t) throw new TypeError(`unknown ${what} ${JSON.stringify(name).slice(0, 60)}; known: ${list.map((x) => x.name).join(', ')}`);
  return t.id;
}

/**
 * Whether the kernel loads programs of a type (libbpf's name: "kprobe",
 * "tracepoint", "tracing"...), by libbpf's probe; undefined when it cannot
 * tell (no privileges). Loading is not attaching: see attachSupport().
 */
export function programTypeSupported(type: string): boolean | undefined {
  const a = addon();
  const id = typeId(a.programTypes(), type, 'program type');
  return probed(`prog:${type}`, () => a.probeProgramType(id));
}

/** Whether the kernel has maps of a type ("ringbuf", "hash_of_maps"...); undefined when it cannot tell. */
export function mapTypeSupported(type: string): boolean | undefined {
  const a = addon();
  const id = typeId(a.mapTypes(), type, 'map type');
  return probed(`map:${type}`, () => a.probeMapType(id));
}

/** Whether programs of `programType` may call `helper` ("ringbuf_output"); undefined when it cannot tell. */
export function helperSupported(programType: string, helper: string): boolean | undefined {
  const a = addon();
  const id = typeId(a.programTypes(), programType, 'program type');
  return probed(`helper:${programType}:${helper}`, () => a.probeHelper(id, helper));
}

/** The label and Linux version of each kind, for reports. */
export function attachKindInfo(kind: AttachKind): { label: string; since: string } {
  return { label: KINDS[kind].label, since: KINDS[kind].since };
}
