/** One phase of a run's start-up and how long it took. */
export interface StartupPhase {
  /** node, runtime import, discovery, gadget import, setup, load, attach. */
  phase: string;
  ms: number;
}

/**
 * Where a run's start-up went, from the process's start (for the gadgetry
 * command) or from the run's own start (library and agent runs) to its
 * programs attached; `totalMs` is the sum of the phases.
 */
export interface StartupTiming {
  phases: StartupPhase[];
  totalMs: number;
}

/** Marks BPF loading's end (set by @gadgetry/native-bpf): it splits a gadget's start() into load and attach. */
export const BPF_LOADED_MARK = 'gadgetry:bpf-loaded';

// The process's own phases (before any run began), kept until the first run takes them.
let processPhases: StartupPhase[] = [];
let lastMark: number | undefined;

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * The gadgetry command's start-up began: Node took `nodeMs` (performance.now()
 * at the command's first line: the time since the process started) to get there.
 */
export function beginProcessStartup(nodeMs: number): void {
  processPhases = [{ phase: 'node', ms: round(nodeMs) }];
  lastMark = nodeMs;
}

/** Ends a phase of the process's start-up; does nothing once a run took them, or when the command did not begin them. */
export function markProcessPhase(phase: string): void {
  if (lastMark === undefined) return;
  const now = performance.now();
  processPhases.push({ phase, ms: round(now - lastMark) });
  lastMark = now;
}

/**
 * A run's start-up clock: its phases follow the process's (taken once: the
 * first run of a process reports them) and begin where they ended.
 */
export class StartupClock {
  readonly #phases: StartupPhase[];
  #last: number;

  constructor() {
    this.#phases = processPhases;
    this.#last = lastMark ?? performance.now();
    processPhases = [];
    lastMark = undefined;
  }

  /** Ends a phase now, or at `at` (a performance.now() time). */
  phase(phase: string, at = performance.now()): void {
    this.#phases.push({ phase, ms: round(at - this.#last) });
    this.#last = at;
  }

  /**
   * Ends the gadget's start(), begun at `from`: split at the BPF loaded mark
   * when one fell within it, as load then attach; one `start` phase otherwise.
   */
  startDone(from: number): void {
    const loaded = performance.getEntriesByName(BPF_LOADED_MARK, 'mark').findLast((m) => m.startTime >= from);
    if (loaded) {
      this.phase('load', loaded.startTime);
      this.phase('attach');
    } else {
      this.phase('start');
    }
  }

  timing(): StartupTiming {
    const phases = this.#phases.slice();
    return { phases, totalMs: round(phases.reduce((n, p) => n + p.ms, 0)) };
  }
}

/** "node 41 ms, runtime import 62 ms, … : 180 ms to attached". */
export function startupText(t: StartupTiming): string {
  return `${t.phases.map((p) => `${p.phase} ${p.ms.toFixed(1)} ms`).join(', ')}: ${t.totalMs.toFixed(1)} ms to attached`;
}
