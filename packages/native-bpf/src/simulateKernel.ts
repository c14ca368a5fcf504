import type { AttachKind, FeatureStatus } from './kernelFeatures.js';

/** What a test pretends about the kernel, in place of what the probes find. */
export interface KernelSimulation {
  /**
   * Program sections whose hooks count as absent, e.g.
   * "tracepoint/syscalls/sys_enter_openat2": they are reported and handled
   * exactly as a hook the kernel lacks.
   */
  missingHooks?: string[];
  /** Answers for kinds of programs, in place of loading and attaching one. */
  attach?: Partial<Record<AttachKind, Pick<FeatureStatus, 'state' | 'detail' | 'cause'> & { errno?: number }>>;
}

let current: KernelSimulation = {};

/**
 * For tests: makes the probes answer as a kernel without some hooks or kinds
 * of programs would, so the code that depends on them (optional programs,
 * error hints) runs as it would there. Returns a function that undoes it.
 */
export function simulateKernel(simulation: KernelSimulation): () => void {
  const before = current;
  current = {
    missingHooks: [...(before.missingHooks ?? []), ...(simulation.missingHooks ?? [])],
    attach: { ...before.attach, ...simulation.attach },
  };
  return () => {
    current = before;
  };
}

/** True when a test pretends the hook of `section` is absent. */
export function simulatedMissing(section: string): boolean {
  return current.missingHooks?.includes(section) ?? false;
}

/** A test's answer for a kind of program, if it gave one. */
export function simulatedAttach(kind: AttachKind): (Pick<FeatureStatus, 'state' | 'detail' | 'cause'> & { errno?: number }) | undefined {
  return current.attach?.[kind];
}
