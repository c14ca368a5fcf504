import type { OperatorAppliesTo } from '@gadgetry/sdk';
import type { TimestampFormat } from '@gadgetry/kinds';
import type { GadgetInfo } from './GadgetInfo.js';
import type { RunMessage } from './RunMessage.js';

/** An installed gadget, from its manifest (no code imported). */
export interface GadgetSummary {
  name: string;
  type: string;
  category: string;
  version: string;
  package: string;
  description: string;
  path: string;
  /** The host it is installed on, when listed through an agent. */
  node?: string;
}

/** An installed operator package, from its manifest. */
export interface OperatorSummary {
  name: string;
  appliesTo: OperatorAppliesTo;
  version: string;
  package: string;
  description: string;
  path: string;
  /** The host it is installed on, when listed through an agent. */
  node?: string;
}

/** What `list` shows: installed gadgets and operators, and what discovery refused (one line each). */
export interface GadgetList {
  gadgets: GadgetSummary[];
  operators: OperatorSummary[];
  problems: { code: string; message: string }[];
}

export interface RunnerRunOptions {
  /** Stops the run and frees its kernel objects; an abort reason that is an Error (not an AbortError) fails the run with it. */
  signal?: AbortSignal;
  /** Stop after this many milliseconds (0 or absent: until stopped or aborted). */
  timeoutMs?: number;
  /** See RunOptions.strict. */
  strict?: boolean;
  /** Let the gadget report the runner's own process too. */
  traceSelf?: boolean;
  /** How operators (the filter) read timestamps the user typed. */
  timestampFormat?: TimestampFormat;
  /** Report what the run costs in its `stats` messages (RunStats.cost); see RunOptions.stats. */
  stats?: boolean;
  /** Also send `stats` every this many ms while the run runs (implies `stats`). */
  statsIntervalMs?: number;
}

/** A run's messages, with flow control for a consumer that falls behind. */
export interface RunStream extends AsyncIterable<RunMessage> {
  /** Stop reading from the kernel until resume(); the kernel drops and counts meanwhile. */
  pause(): void;
  resume(): void;
}

/**
 * Lists, describes and runs gadgets somewhere: this host (LocalRunner) or
 * another. Everything it returns is plain JSON (see GadgetInfo, RunMessage).
 */
export interface GadgetRunner {
  list(): Promise<GadgetList>;
  /** The gadget as a run with these params presents it; throws GadgetNotFoundError and load errors. */
  describe(name: string, params?: Record<string, unknown>): Promise<GadgetInfo>;
  /** Runs a gadget; failures before it starts arrive as an `error` message, the end as `done`. */
  run(name: string, params: Record<string, unknown>, options?: RunnerRunOptions): RunStream;
}
