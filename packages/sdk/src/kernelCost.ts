/**
 * What a running gadget's BPF objects cost the kernel, as the kernel counts
 * them (the numbers bpftool shows for the same ids). Plain data: a gadget
 * that loads BPF objects reports it from `GadgetInstance.kernelCost()`; the
 * runtime adds it to the run's stats (`gadgetry run --stats`).
 */
export interface KernelCost {
  /**
   * Whether the kernel counted runs and run time: `counted` while BPF stats
   * were on for the run (GadgetContext.stats), `unavailable` when they were
   * not asked for or the kernel refused (`refusal` says why). The kernel
   * counts neither runs nor run time without them.
   */
  runTime: 'counted' | 'unavailable';
  refusal?: string;
  programs: ProgramCost[];
  maps: MapCost[];
}

/** One loaded BPF program. */
export interface ProgramCost {
  name: string;
  /** The kernel's id (bpftool prog show id <id>). */
  id: number;
  /** Program type as bpftool names it (tracepoint, perf_event...). */
  type: string;
  /** Times it ran; null when not counted (never a 0 that was not measured). */
  runCount: bigint | null;
  /** Time spent running it, ns; null when not counted. */
  runTimeNs: bigint | null;
  /** Times the kernel skipped it: another BPF program was running on that CPU. */
  recursionMisses: bigint;
  /** Kernel memory charged to it; null when unreadable. */
  bytes: number | null;
}

/** One BPF map. */
export interface MapCost {
  name: string;
  /** The kernel's id (bpftool map show id <id>). */
  id: number;
  /** Map type as bpftool names it (hash, ringbuf...). */
  type: string;
  maxEntries: number;
  keySize: number;
  valueSize: number;
  /** Kernel memory charged to it (bytes_memlock); null when unreadable. */
  bytes: number | null;
  /** A map made for the object's globals (.rodata, .bss). */
  internal: boolean;
}
