import { EventEmitter } from 'eventemitter3';
import type { BatchInfo, GadgetEvent } from '../pipeline/EventPipeline.js';
import type { GadgetryError } from '../errors.js';

export type StopReason = 'completed' | 'timeout' | 'stopped' | 'aborted' | 'failed';

export interface RunResult {
  gadget: string;
  reason: StopReason;
  /** Events delivered to outputs. */
  events: number;
  /** What the gadget's result() returned, when it has one. */
  result?: unknown;
  /** The first failure, when reason is 'failed'. */
  error?: GadgetryError;
  /** Failures of cleanup steps after the first failure. */
  cleanupErrors: GadgetryError[];
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface GadgetRunEvents<E> {
  /** A batch of events; `info.table` marks a whole interval or snapshot. */
  events: (events: E[], info: BatchInfo) => void;
  /** The gadget started (after start(), before run()). */
  started: () => void;
  log: (level: LogLevel, message: string) => void;
  done: (result: RunResult) => void;
}

/**
 * A gadget being run: an EventEmitter of batches, an async iterator of events,
 * and `done`, which resolves (never rejects) with how the run ended.
 */
export class GadgetRun<E = GadgetEvent> extends EventEmitter<GadgetRunEvents<E>> implements AsyncIterable<E> {
  readonly done: Promise<RunResult>;
  readonly #controller: AbortController;
  #resolveDone!: (r: RunResult) => void;
  #waiters: { resolve: (r: IteratorResult<E>) => void; reject: (e: unknown) => void }[] = [];
  #queue: E[] = [];
  #iterating = false;
  #finished: RunResult | undefined;

  constructor(
    readonly gadgetName: string,
    controller: AbortController,
  ) {
    super();
    this.#controller = controller;
    this.done = new Promise((resolve) => (this.#resolveDone = resolve));
  }

  /** Ends the run as if its timeout had passed; cleanup still runs. */
  stop(): void {
    if (!this.#controller.signal.aborted) this.#controller.abort('stopped');
  }

  /** @internal used by the driver */
  deliver(events: E[], info: BatchInfo): void {
    this.emit('events', events, info);
    if (!this.#iterating) return;
    for (const e of events) {
      const w = this.#waiters.shift();
      if (w) w.resolve({ value: e, done: false });
      else this.#queue.push(e);
    }
  }

  /** @internal used by the driver */
  finish(result: RunResult): void {
    this.#finished = result;
    for (const w of this.#waiters.splice(0)) {
      if (result.error) w.reject(result.error);
      else w.resolve({ value: undefined, done: true });
    }
    this.emit('done', result);
    this.#resolveDone(result);
  }

  [Symbol.asyncIterator](): AsyncIterator<E> {
    this.#iterating = true;
    return {
      next: () => {
        const queued = this.#queue.shift();
        if (queued !== undefined) return Promise.resolve({ value: queued, done: false });
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
