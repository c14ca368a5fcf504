import { existsSync } from 'node:fs';
import { addon } from './addon.js';
import { kernelBtfHas } from './kernelBtf.js';
import { allAttachSupport, helperSupported, mapTypeSupported, programTypeSupported, type FeatureState } from './kernelFeatures.js';
import { VMLINUX_BTF } from './kernelSetup.js';

/** One line of `gadgetry doctor`'s features: what works on this kernel and what does not. */
export interface FeatureLine {
  name: string;
  state: FeatureState;
  detail: string;
}

/** Program types the attach probe covers (by loading and attaching), left out of libbpf's summary. */
const ATTACH_PROBED = new Set(['socket_filter', 'kprobe', 'tracepoint', 'perf_event', 'raw_tracepoint', 'tracing', 'lsm']);
/** Helpers most gadgets call from tracepoint programs. */
const GADGET_HELPERS = ['ringbuf_reserve', 'probe_read_user_str', 'probe_read_kernel', 'get_current_task', 'ktime_get_boot_ns'];

function btfLine(): FeatureLine {
  if (!existsSync(VMLINUX_BTF)) return { name: 'kernel BTF', state: 'missing', detail: `no ${VMLINUX_BTF} (CONFIG_DEBUG_INFO_BTF is off); since Linux 5.4` };
  const [tracepoints] = kernelBtfHas(['typedef:btf_trace_sched_switch']);
  if (tracepoints === undefined) return { name: 'kernel BTF', state: 'unknown', detail: `${VMLINUX_BTF} is present but could not be read` };
  const detail = tracepoints ? 'names tp_btf targets (btf_trace_sched_switch)' : 'names no tp_btf targets (no btf_trace_sched_switch)';
  return { name: 'kernel BTF', state: 'ok', detail: `${VMLINUX_BTF}; ${detail}` };
}

function known(answer: boolean | undefined): FeatureState {
  return answer === undefined ? 'unknown' : answer ? 'ok' : 'missing';
}

function programTypesLine(): FeatureLine {
  const types = addon().programTypes().filter((t) => !ATTACH_PROBED.has(t.name));
  const answers = types.map((t) => ({ name: t.name, ok: programTypeSupported(t.name) }));
  if (answers.some((a) => a.ok === undefined)) return { name: 'other program types', state: 'unknown', detail: 'not checked: loading programs needs root' };
  const missing = answers.filter((a) => !a.ok).map((a) => a.name);
  const detail = `${answers.length - missing.length} of ${answers.length} load (libbpf's probe)${missing.length ? `; not here: ${missing.join(', ')}` : ''}`;
  return { name: 'other program types', state: 'ok', detail };
}

function mapTypesLine(): FeatureLine {
  const answers = addon()
    .mapTypes()
    .map((t) => ({ name: t.name, ok: mapTypeSupported(t.name) }));
  if (answers.some((a) => a.ok === undefined)) return { name: 'map types', state: 'unknown', detail: 'not checked: creating maps needs root' };
  const missing = answers.filter((a) => !a.ok).map((a) => a.name);
  return { name: 'map types', state: 'ok', detail: `${answers.length - missing.length} of ${answers.length}${missing.length ? `; not here: ${missing.join(', ')}` : ''}` };
}

function helpersLine(): FeatureLine {
  const answers = GADGET_HELPERS.map((h) => ({ name: `bpf_${h}`, ok: helperSupported('tracepoint', h) }));
  if (answers.some((a) => a.ok === undefined)) return { name: 'helpers', state: 'unknown', detail: 'not checked: loading programs needs root' };
  const missing = answers.filter((a) => !a.ok).map((a) => a.name);
  if (missing.length) return { name: 'helpers', state: 'missing', detail: `tracepoint programs cannot call ${missing.join(', ')}` };
  return { name: 'helpers', state: 'ok', detail: `tracepoint programs can call ${answers.map((a) => a.name).join(', ')}` };
}

/**
 * Every feature `gadgetry doctor` reports, probed on this kernel (and kept
 * for the process): its BTF, each kind of program
 * loaded and attached for real with the Linux version it arrived in, the
 * maps gadgets rely on, and libbpf's summary of the rest.
 */
export function featureReport(): FeatureLine[] {
  const lines: FeatureLine[] = [btfLine()];
  for (const f of allAttachSupport()) lines.push({ name: f.label, state: f.state, detail: `${f.detail}; since Linux ${f.since}` });
  const ringbuf = mapTypeSupported('ringbuf');
  lines.push({ name: 'ring buffers', state: known(ringbuf), detail: `${ringbuf === false ? 'not available' : ringbuf ? 'available' : 'not checked'}; since Linux 5.8` });
  const swap = mapTypeSupported('array_of_maps');
  lines.push({
    name: 'exact interval counts',
    state: known(swap),
    detail: `${swap === false ? 'not available: no maps of maps' : swap ? 'maps of maps swap counters without losing an update' : 'not checked'}; since Linux 5.0`,
  });
  lines.push(helpersLine(), programTypesLine(), mapTypesLine());
  return lines;
}
