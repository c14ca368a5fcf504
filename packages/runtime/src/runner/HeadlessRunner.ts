import type { RunnerRunOptions, RunStream } from './GadgetRunner.js';
import type { RunError } from './RunMessage.js';

/**
 * What a headless run is started from, and what an agent saves so it can
 * start the run again after a restart. Plain JSON: params carry BigInts
 * through toWire/fromWire like event values.
 */
export interface HeadlessRunSpec {
  /** Chosen by the user (`run --detach --name X`): letters, digits, '-', '_' and '.', 1–63 characters, starting with a letter or digit. */
  name: string;
  gadget: string;
  params: Record<string, unknown>;
  /** timeoutMs: a run with a timeout ends by itself (state done) and is not resumed; after an agent restart its timeout counts again from the restart. */
  options: Pick<RunnerRunOptions, 'strict' | 'traceSelf' | 'timestampFormat' | 'timeoutMs' | 'stats' | 'statsIntervalMs'>;
  /** RFC 3339, when it was first detached. */
  createdAt: string;
}

export type HeadlessRunState = 'running' | 'done' | 'failed';

/** One row of `gadgetry ps`. */
export interface HeadlessRunStatus extends HeadlessRunSpec {
  /** The host the run is on (its hostname). */
  node: string;
  state: HeadlessRunState;
  /** Events and lost events since the run was (re)started by this agent. */
  events: number;
  lost: number;
  /** How many times the run was started again after an agent restart. */
  resumed: number;
  /** Why it failed (state 'failed'). */
  error?: RunError;
}

/**
 * Runs that outlive the client that started them (Inspektor Gadget's
 * headless mode): kept by an agent, listed, attached to and removed by name.
 */
export interface HeadlessRunner {
  /**
   * Starts a run and keeps it; resolves once it started. A name already in use
   * is RUN_NAME_TAKEN, a malformed one RUN_NAME_INVALID (both exit 2); a run
   * that cannot start (unknown gadget, bad params) rejects with its own error
   * and is not kept.
   */
  detach(spec: Omit<HeadlessRunSpec, 'createdAt'>): Promise<HeadlessRunStatus>;
  /**
   * The run's messages: its `started`, the most recent messages it kept
   * (bounded), then live ones. Ending the iteration detaches the reader, never
   * the run. An unknown name yields one `error` message (RUN_NOT_FOUND).
   */
  attach(name: string, options?: { signal?: AbortSignal }): RunStream;
  list(): Promise<HeadlessRunStatus[]>;
  /** Stops the run, frees its kernel objects and forgets its saved spec; unknown names are RUN_NOT_FOUND. */
  remove(name: string): Promise<HeadlessRunStatus>;
}
