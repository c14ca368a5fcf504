import type { LossReason, LossWhere } from '@gadgetry/errors';
import type { LogLevel, StopReason } from '../lifecycle/GadgetRun.js';
import type { RunStats } from '../lifecycle/RunStats.js';

/** A failure as it travels: the code, the one line a user reads, and the details -v shows. */
export interface RunError {
  /** The stable code, when the error has one. */
  code?: string;
  /** describeError(): the message and code, one line. */
  line: string;
  /** errorDetails(): empty when there are none. */
  details: string;
}

/**
 * What formatting needs to know about the host the run is on: its boot
 * clock's offset from the wall clock (ns, decimal: a BigInt as text), so
 * timestamps read the same wherever the events are printed, and its
 * architecture (syscall numbers, open flags).
 */
export interface RunHost {
  bootToEpochNs: string;
  arch: string;
}

interface Tagged {
  /** The host the run is on (its hostname). */
  node: string;
}

/**
 * What a run yields, in order: `started`, then events, tables, results,
 * lost reports and logs as they come, then `stats` and `done`; `error`
 * stands for a run that could not begin (unknown gadget, bad params). Every
 * message is plain JSON: event values are carried by toWire/fromWire.
 */
export type RunMessage =
  | ({ type: 'started'; gadget: string; host: RunHost } & Tagged)
  /** A slice of a stream of events. */
  | ({ type: 'events'; events: Record<string, unknown>[] } & Tagged)
  /** A whole table: one interval of a top gadget, one snapshot. */
  | ({ type: 'table'; events: Record<string, unknown>[] } & Tagged)
  /** A result reported while running (a histogram each interval). */
  | ({ type: 'result'; value: unknown } & Tagged)
  | ({ type: 'lost'; count: number; reason: LossReason; where: LossWhere; message: string } & Tagged)
  | ({ type: 'log'; level: LogLevel; message: string } & Tagged)
  | ({ type: 'stats'; stats: RunStats } & Tagged)
  | ({ type: 'error'; error: RunError } & Tagged)
  /** The end: how the run stopped, its final result, its failure and the failures of cleanup after it. */
  | ({ type: 'done'; reason: StopReason; result?: unknown; error?: RunError; cleanupErrors: RunError[] } & Tagged);

export type RunMessageType = RunMessage['type'];
