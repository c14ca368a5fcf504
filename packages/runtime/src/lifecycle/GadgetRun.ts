import { EventEmitter } from 'eventemitter3';
import { LOSS_REASONS, isLossReason, oneLine, type LossReason, type LossWhere } from '@gadgetry/errors';
import type { BatchInfo, GadgetEvent } from '../pipeline/EventPipeline.js';
import type { InvalidEvents } from '../pipeline/EventCheck.js';
import { EventPathError } from '../pipeline/EventPathError.js';
import { FlowControl } from '../pipeline/FlowControl.js';
import { GadgetryError } from '../errors.js';
import { addLostEvents, copyLostEvents, noLostEvents, type LostEvents } from './lostEvents.js';
import type { RunStats, StopReason } from './RunStats.js';

export type { LostEvents, StopReason };

/** One report of lost events, as the `lost` event carries it. */
export interface LostReport {
  count: number;
  /** Why they were lost: a code of LOSS_REASONS (@gadgetry/errors), with its fix. */
  reason: LossReason;
  /** Where: follows from the reason. */
  where: LossWhere;
  /** The words of the warning: the reporter's own (what to raise), or the reason's. */
  message: string;
}

/** Longest words a gadget's loss report keeps. */
const MAX_LOSS_WORDS = 200;

export interface RunResult {
  gadget: string;
  reason: StopReason;
  /** Events delivered to outputs. */
  events: number;
  /** Events lost on the way (all zero when none were). */
  lost: LostEvents;
  /** Events that broke the gadget's event schema. */
  invalid: InvalidEvents;
  /** The run's numbers (events, lost, invalid, duration, rate), as the `stats` message carried them. */
  stats: RunStats;
  /** What the gadget's result() returned, when it has one. */
  result?: unknown;
  /** The first failure, when reason is 'failed'. */
  error?: GadgetryError;
  /** Failures of cleanup steps after the first failure. */
  cleanupErrors: GadgetryError[];
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface GadgetRunEvents<E> {
  /** A batch of events; `info.table` marks a whole interval or snapshot. A throw here fails the run (OUTPUT_FAILED). */
  events: (events: E[], info: BatchInfo) => void;
  /** A result the gadget reported before the end (setResultHandler): a profile's histogram of one interval. A throw here fails the run. */
  result: (result: unknown) => void;
  /** The gadget started (after start(), before run()). */
  started: () => void;
  /** Events were lost; also logged as a warning `<count> events lost: <message>`. */
  lost: (report: LostReport) => void;
  log: (level: LogLevel, message: string) => void;
  /** The run's numbers at its end (just before `done`); with statsIntervalMs also while it runs (`ended: 'running'`). */
  stats: (stats: RunStats) => void;
  done: (result: RunResult) => void;
}

/** The async iterator pauses the gadget above this many queued events, and resumes at the low mark. */
const ITERATOR_HIGH = 8192;
const ITERATOR_LOW = 1024;
/** Stream events beyond this many queued for the iterator are dropped and counted (lost.queue, queue_full). */
const ITERATOR_CAP = 65_536;
/** Iterator drops are reported at most this often. */
const REPORT_EVERY_MS = 1000;

/**
 * A gadget being run: an EventEmitter of batches, an async iterator of events,
 * and `done`, which resolves (never rejects) with how the run ended.
 *
 * Backpressure: `pause()` (or an iterator that is not keeping up) makes the
 * gadget stop reading from the kernel, whose buffer then fills and drops;
 * those drops come back as `lost` reports (reason `paused`) and in
 * `RunResult.lost`. At the end the run emits `stats`, then `done`.
 */
export class GadgetRun<E = GadgetEvent> extends EventEmitter<GadgetRunEvents<E>> implements AsyncIterable<E> {
  readonly done: Promise<RunResult>;
  /** @internal the run's pause state, driven by consumers and read by the gadget */
  readonly flow: FlowControl;
  readonly #controller: AbortController;
  #resolveDone!: (r: RunResult) => void;
  #waiters: { resolve: (r: IteratorResult<E>) => void; reject: (e: unknown) => void }[] = [];
  /** Events waiting for the iterator: #queue[#head] is the next. */
  #queue: E[] = [];
  #head = 0;
  #iterating = false;
  #finished: RunResult | undefined;
  #fail: ((err: GadgetryError) => void) | undefined;
  /** A fail() that came before the driver bound itself (called right after runGadget()). */
  #earlyFailure: GadgetryError | undefined;
  readonly #lost: LostEvents = noLostEvents();
  #queueUnreported = 0;
  #reportTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly gadgetName: string,
    controller: AbortController,
  ) {
    super();
    this.#controller = controller;
    this.flow = new FlowControl((err) => this.fail(EventPathError.gadget(gadgetName, err)));
    this.done = new Promise((resolve) => (this.#resolveDone = resolve));
  }

  /** Ends the run as if its timeout had passed; cleanup still runs. */
  stop(): void {
    if (!this.#controller.signal.aborted) this.#controller.abort('stopped');
  }

  /**
   * Ends the run as failed with `err` (e.g. the caller's output broke); stop,
   * postGadgetRun and close still run. Errors that are not Gadgetry's own
   * become OUTPUT_FAILED. Only the first failure counts.
   */
  fail(err: unknown): void {
    if (this.#finished) return;
    const e = err instanceof GadgetryError ? err : EventPathError.output(this.gadgetName, err);
    if (this.#fail) this.#fail(e);
    else this.#earlyFailure ??= e;
  }

  /**
   * Stops the gadget reading until resume(), for a consumer that is behind.
   * Events already read may still arrive; the kernel drops (and counts) what
   * its buffer cannot hold meanwhile.
   */
  pause(): void {
    this.flow.hold('caller');
  }

  resume(): void {
    this.flow.release('caller');
  }

  /** True while any consumer has the run paused. */
  get paused(): boolean {
    return this.flow.paused;
  }

  /** Events lost so far. */
  get lost(): LostEvents {
    return copyLostEvents(this.#lost);
  }

  /** @internal used by the driver: where fail() goes */
  bindFailure(fail: (err: GadgetryError) => void): void {
    this.#fail = fail;
    if (this.#earlyFailure) fail(this.#earlyFailure);
  }

  /**
   * @internal a gadget's flow.lost(): counts the events and reports them
   * (event and warning). A reason that is not one a gadget reports (an older
   * gadget's free text) counts as `gadget_lost`, its text the warning's words.
   */
  countGadgetLoss(count: unknown, reason: unknown, detail?: unknown): void {
    const n = Number(count);
    if (!Number.isSafeInteger(n) || n <= 0) return;
    const known = isLossReason(reason) && LOSS_REASONS[reason].where === 'kernel' ? reason : undefined;
    const words = detail !== undefined ? detail : known ? undefined : reason;
    this.#countLost(known ?? 'gadget_lost', n, words === undefined ? undefined : oneLine(text(words), MAX_LOSS_WORDS));
  }

  /** @internal counts events discarded after a failure (no report: the error says it) */
  countDiscarded(count: number): void {
    if (count > 0) addLostEvents(this.#lost, 'discarded', count);
  }

  #countLost(reason: LossReason, count: number, words?: string): void {
    addLostEvents(this.#lost, reason, count);
    this.#report({ count, reason, where: LOSS_REASONS[reason].where, message: words || LOSS_REASONS[reason].summary });
  }

  #report(report: LostReport): void {
    // Reports come from the gadget's timers: a throwing listener must not become an uncaught exception.
    try {
      this.emit('lost', report);
      this.emit('log', 'warn', `${report.count} events lost: ${report.message}`);
    } catch (err) {
      this.fail(err);
    }
  }

  #reportQueueDrops(): void {
    if (this.#reportTimer) clearTimeout(this.#reportTimer);
    this.#reportTimer = undefined;
    if (this.#queueUnreported === 0) return;
    const count = this.#queueUnreported;
    this.#queueUnreported = 0;
    // counted when dropped (deliver); reported once a second at most
    this.#report({ count, reason: 'queue_full', where: 'queue', message: `the async iterator fell more than ${ITERATOR_CAP} events behind` });
  }

  /** @internal used by the driver: the numbers so far, while the run runs */
  emitStats(stats: RunStats): void {
    if (this.#finished) return;
    try {
      this.emit('stats', stats);
    } catch (err) {
      this.fail(err);
    }
  }

  /** @internal used by the driver: a result the gadget reported while running */
  deliverResult(result: unknown): void {
    if (this.#finished) return;
    try {
      this.emit('result', result);
    } catch (err) {
      this.fail(err);
    }
  }

  /** @internal used by the driver */
  deliver(events: E[], info: BatchInfo): void {
    this.emit('events', events, info);
    if (!this.#iterating) return;
    let i = 0;
    for (; i < events.length && this.#waiters.length > 0; i++) this.#waiters.shift()!.resolve({ value: events[i]!, done: false });
    if (i === events.length) return;
    // Whole tables are bounded by the gadget and kept intact; streams are capped.
    const room = info.table ? events.length - i : Math.max(0, ITERATOR_CAP - this.#queued);
    const end = Math.min(events.length, i + room);
    for (; i < end; i++) this.#queue.push(events[i]!);
    if (this.#queued >= ITERATOR_HIGH) this.flow.hold('iterator');
    if (i < events.length) {
      addLostEvents(this.#lost, 'queue_full', events.length - i);
      this.#queueUnreported += events.length - i;
      this.#reportTimer ??= setTimeout(() => this.#reportQueueDrops(), REPORT_EVERY_MS).unref();
    }
  }

  /** @internal used by the driver */
  finish(result: RunResult): void {
    this.#reportQueueDrops();
    this.#finished = result;
    for (const w of this.#waiters.splice(0)) {
      if (result.error) w.reject(result.error);
      else w.resolve({ value: undefined, done: true });
    }
    // Resolved first: a listener that throws below cannot keep `done` pending.
    this.#resolveDone(result);
    this.emit('stats', result.stats);
    this.emit('done', result);
  }

  get #queued(): number {
    return this.#queue.length - this.#head;
  }

  #take(): E {
    const value = this.#queue[this.#head++]!;
    // Drop the consumed head now and then, so taking stays O(1).
    if (this.#head >= 1024 && this.#head * 2 >= this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    return value;
  }

  [Symbol.asyncIterator](): AsyncIterator<E> {
    this.#iterating = true;
    return {
      next: () => {
        if (this.#queued > 0) {
          const value = this.#take();
          if (this.#queued <= ITERATOR_LOW) this.flow.release('iterator');
          return Promise.resolve({ value, done: false });
        }
        if (this.#finished) {
          if (this.#finished.error) return Promise.reject(this.#finished.error);
          return Promise.resolve({ value: undefined, done: true });
        }
        return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
      },
      return: () => {
        this.stop();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}

function text(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
