import type { LossReason } from '@gadgetry/errors';

/** Where a gadget reports what it is doing; the runtime decides where it goes. */
export interface GadgetLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * The event path between a gadget and the runtime: backpressure towards the
 * gadget, lost events and failures back to the runtime.
 *
 * - `paused` is true while the run's consumers (an output, an iterator) are
 *   behind. A gadget that reads from the kernel stops reading until it turns
 *   false again (native-bpf's readers stop polling and stop their drain
 *   timer): the kernel buffer fills and the BPF side drops and counts what
 *   does not fit, instead of user-space memory growing. Events already read
 *   may still be delivered while paused; the runtime bounds what it queues
 *   and counts what it drops. A gadget that makes events itself should hold
 *   them back, or drop them and report them with `lost()`.
 * - `lost(count, reason, detail?)` reports events the gadget could not
 *   deliver (e.g. the kernel dropped them because its ring buffer was full:
 *   `ring_full`). They are counted under that reason in the run's `lost`
 *   reports and stats, and shown as `<count> events lost: <detail>`, or the
 *   reason's own words (LOSS_REASONS in @gadgetry/errors) without a detail.
 * - `fail(error)` ends the run with `error` when the gadget's own event code
 *   (reader, decoder, computed fields) breaks outside a lifecycle call. The
 *   runtime then stops the gadget, runs postGadgetRun and close as for any
 *   failure. Only the first failure counts.
 *
 * The handlers the runtime gives a gadget (setEventHandler...) never throw
 * into it: a failure further down the path ends the run the same way.
 */
export interface EventFlow {
  /** True while consumers are behind: stop reading from the kernel. */
  readonly paused: boolean;
  /** Called with the new state whenever `paused` changes; returns an unsubscribe function. */
  onChange(listener: (paused: boolean) => void): () => void;
  /**
   * Reports `count` events lost before they reached the runtime, and why.
   * `detail` is the gadget's own words for the warning (what was lost and what
   * to raise, e.g. "the ring buffer was full; raise --buffer-kb").
   */
  lost(count: number, reason: LossReason, detail?: string): void;
  /** Ends the run with this error (the gadget's event code broke). */
  fail(error: unknown): void;
}

/** What the runtime hands a gadget in `init()`. */
export interface GadgetContext<P = Record<string, unknown>> {
  /** Unique id of this run. */
  id: string;
  /** Name of the gadget being run. */
  gadgetName: string;
  /** Aborted when the run must end (timeout, Ctrl-C, caller's signal, failure). */
  signal: AbortSignal;
  /** Validated params, with defaults applied. */
  params: P;
  logger: GadgetLogger;
  /** Run timeout in milliseconds, or 0 when the run is unbounded. */
  timeoutMs: number;
  /**
   * Also report the runtime's own process. By default gadgets leave it out in
   * the kernel, so the runtime's work (enrichers reading /proc, its own opens)
   * does not show up in what it traces.
   */
  traceSelf?: boolean;
  /**
   * Flow control and loss reporting for the gadget's events. The runtime
   * always provides it; other hosts may not, and gadgets then read at full speed.
   */
  flow?: EventFlow;
  /**
   * The run reports its cost (gadgetry run --stats): have the kernel count
   * the gadget's BPF runs and run time from load on (native-bpf's
   * `runTimeStats`), for `GadgetInstance.kernelCost()`.
   */
  stats?: boolean;
}
