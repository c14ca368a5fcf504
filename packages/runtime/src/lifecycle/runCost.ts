import type { KernelCost } from '@gadgetry/sdk';

/** One BPF program of the run, as the kernel counted it. */
export interface ProgramStats {
  name: string;
  /** The kernel's id: `bpftool prog show id <id>` shows the same numbers. */
  id: number;
  type: string;
  /** Times it ran; null when the kernel was not counting (RunCost.runTime). */
  runCount: bigint | null;
  /** ns spent running it; null when not counted. */
  runTimeNs: bigint | null;
  /** runTimeNs / runCount; null when not counted or it never ran. */
  nsPerRun: number | null;
  /** Times the kernel skipped it (another BPF program was running on that CPU). */
  recursionMisses: bigint;
}

/** One BPF map of the run. */
export interface MapStats {
  name: string;
  /** `bpftool map show id <id>` */
  id: number;
  type: string;
  maxEntries: number;
  /** Kernel memory charged to it (bytes_memlock); null when unreadable. */
  bytes: number | null;
}

/**
 * What a run costs the host so far: its BPF programs and maps (as the
 * kernel counts them) and the runtime's own process.
 */
export interface RunCost {
  /**
   * `counted`: runs and run time were counted (BPF stats on for the run);
   * `unavailable`: the kernel refused (runTimeRefusal says why), so runs and
   * run time are null, never 0; `not reported`: the gadget loads no BPF
   * object, or does not report one (no kernelCost()).
   */
  runTime: 'counted' | 'unavailable' | 'not reported';
  runTimeRefusal?: string;
  programs: ProgramStats[];
  maps: MapStats[];
  /** Run time of every program; null when not counted. */
  bpfTimeNs: bigint | null;
  /** bpfTimeNs per delivered event; null when not counted or no event. */
  bpfNsPerEvent: number | null;
  /** Kernel memory of every map. */
  mapBytes: number;
  /** CPU time of the runtime's process since the run began (user + system), ms. */
  cpuMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  /** cpuMs per delivered event, in µs; null with no event. */
  cpuUsPerEvent: number | null;
  /** The process's resident memory now, and its peak since it started. */
  rssBytes: number;
  peakRssBytes: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const ratio = (ns: bigint | null, count: bigint | number | null): number | null =>
  ns === null || count === null || Number(count) === 0 ? null : round1(Number(ns) / Number(count));

/** A run's cost from its gadget's kernel numbers and the process's own, measured from `since`. */
export function runCost(kernel: KernelCost | undefined, events: number, since: NodeJS.CpuUsage): RunCost {
  const cpu = process.cpuUsage(since);
  const programs: ProgramStats[] = (kernel?.programs ?? []).map((p) => ({
    name: p.name,
    id: p.id,
    type: p.type,
    runCount: p.runCount,
    runTimeNs: p.runTimeNs,
    nsPerRun: ratio(p.runTimeNs, p.runCount),
    recursionMisses: p.recursionMisses,
  }));
  const maps: MapStats[] = (kernel?.maps ?? []).map((m) => ({ name: m.name, id: m.id, type: m.type, maxEntries: m.maxEntries, bytes: m.bytes }));
  const counted = kernel?.runTime === 'counted';
  const bpfTimeNs = counted ? programs.reduce((sum, p) => sum + (p.runTimeNs ?? 0n), 0n) : null;
  const cpuMs = round1((cpu.user + cpu.system) / 1000);
  const cost: RunCost = {
    runTime: kernel ? kernel.runTime : 'not reported',
    programs,
    maps,
    bpfTimeNs,
    bpfNsPerEvent: ratio(bpfTimeNs, events),
    mapBytes: maps.reduce((sum, m) => sum + (m.bytes ?? 0), 0),
    cpuMs,
    cpuUserMs: round1(cpu.user / 1000),
    cpuSystemMs: round1(cpu.system / 1000),
    cpuUsPerEvent: events > 0 ? round1((cpuMs * 1000) / events) : null,
    rssBytes: process.memoryUsage.rss(),
    // maxRSS is in KiB
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  if (kernel?.refusal) cost.runTimeRefusal = kernel.refusal;
  return cost;
}
