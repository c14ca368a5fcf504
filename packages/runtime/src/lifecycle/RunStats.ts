import type { InvalidEvents } from '../pipeline/EventCheck.js';
import type { LostEvents } from './lostEvents.js';
import type { RunCost } from './runCost.js';
import type { StartupTiming } from './startupPhases.js';

/** How a run ended. */
export type StopReason = 'completed' | 'timeout' | 'stopped' | 'aborted' | 'failed';

/**
 * What a run did, as numbers: emitted as the run's `stats` message at its
 * end and kept as RunResult.stats. The CLI prints it as its summary line.
 * A run with `statsIntervalMs` also emits it while running (`ended` is
 * `running` then), each covering the run from its start.
 */
export interface RunStats {
  gadget: string;
  /** How the run ended, or `running` for a report while it runs. */
  ended: StopReason | 'running';
  /** Events delivered to the outputs. */
  events: number;
  lost: LostEvents;
  /** Events that broke the gadget's event schema, by kind. */
  invalid: InvalidEvents;
  /**
   * How long the gadget ran, in ms: from its start() to the moment the run
   * began to stop (timeout, stop(), Ctrl-C, a failure, a one-shot gadget
   * done). 0 when it never started.
   */
  durationMs: number;
  /** Events delivered per second of durationMs. */
  eventsPerSecond: number;
  /** What the run cost the host (BPF programs and maps, the runtime's CPU and memory): with the `stats` option only. */
  cost?: RunCost;
  /** Where the start-up went, phase by phase, up to the programs attached: absent when the gadget never started. */
  startup?: StartupTiming;
}

export function runStats(
  gadget: string,
  ended: StopReason | 'running',
  events: number,
  lost: LostEvents,
  invalid: InvalidEvents,
  durationMs: number,
  cost?: RunCost,
): RunStats {
  const ms = Math.max(0, Math.round(durationMs));
  const rate = ms > 0 ? Math.round((events * 10_000) / ms) / 10 : 0;
  const stats: RunStats = { gadget, ended, events, lost, invalid, durationMs: ms, eventsPerSecond: rate };
  if (cost) stats.cost = cost;
  return stats;
}
