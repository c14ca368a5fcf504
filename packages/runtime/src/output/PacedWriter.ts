import type { OutputQueue } from '../cli/CliIO.js';

/** What the writer drives: the run whose events it writes. */
export interface Pace {
  /** The queue is over its high-water mark: stop reading from the kernel. */
  pause(): void;
  /** The queue fell to its low-water mark. */
  resume(): void;
  /** A write failed: the run must end with this error. */
  fail(err: unknown): void;
}

export interface PacedWriterLimits {
  /** Pause the run when more than this many bytes are queued (default 256 KiB). */
  highWater?: number;
  /** Resume once the queue is down to this many bytes (default 64 KiB). */
  lowWater?: number;
  /** Past this many bytes queued, batches are dropped and counted (default 2 MiB); a batch larger than it alone is written when nothing is queued. */
  cap?: number;
}

/**
 * Writes formatted batches of events to a queue that may fall behind its
 * reader. Above the high-water mark it pauses the run (the kernel then drops
 * and counts); past the hard cap it drops whole batches in user space and
 * counts them; at the end it waits a bounded grace period for the reader,
 * then gives up on what is left and counts it. A write error fails the run.
 */
export class PacedWriter {
  readonly #queue: OutputQueue;
  readonly #pace: Pace;
  readonly #highWater: number;
  readonly #lowWater: number;
  readonly #cap: number;
  /** Events written and not yet taken by the reader. */
  #unflushed = 0;
  #dropped = 0;
  #paused = false;
  #failed = false;
  #onSettled: (() => void) | undefined;

  constructor(queue: OutputQueue, pace: Pace, limits: PacedWriterLimits = {}) {
    this.#queue = queue;
    this.#pace = pace;
    // Small bounds: while paused the kernel's ring buffer holds the backlog in
    // memory already paid for, at ~330 bytes an event; queued here it is a copy
    // of each line (about twice that) on the heap. The reader stops at once on
    // pause, so the queue passes the high-water mark by one batch at most.
    this.#highWater = limits.highWater ?? 256 << 10;
    this.#lowWater = limits.lowWater ?? 64 << 10;
    this.#cap = limits.cap ?? 2 << 20;
    queue.onError((err) => this.#fail(err));
  }

  /** Events dropped because the queue was at its cap. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Writes text that is not events (a header, a result): never dropped. */
  text(text: string): void {
    if (text) this.#write(text, 0);
  }

  /**
   * Writes `count` events as `format()` renders them, unless that would take
   * the queue past its cap: then the batch is dropped (and not formatted).
   */
  events(count: number, format: () => string): void {
    if (this.#failed || count === 0) return;
    const queued = this.#queue.queued;
    if (queued >= this.#cap) {
      this.#dropped += count;
      return;
    }
    const text = format();
    // A batch is dropped only behind a backlog: one larger than the cap on its
    // own (a whole table of a top gadget, bounded by its map) is written when
    // nothing is queued. Exact byte length only near the cap: a UTF-16 unit is
    // at most 3 UTF-8 bytes.
    if (queued > 0 && queued + text.length * 3 > this.#cap && queued + Buffer.byteLength(text) > this.#cap) {
      this.#dropped += count;
      return;
    }
    this.#write(text, count);
  }

  #write(text: string, count: number): void {
    if (this.#failed) return;
    this.#unflushed += count;
    try {
      this.#queue.write(text, () => this.#flushed(count));
    } catch (err) {
      this.#fail(err);
      return;
    }
    if (!this.#paused && this.#queue.queued > this.#highWater) {
      this.#paused = true;
      this.#pace.pause();
    }
  }

  #flushed(count: number): void {
    this.#unflushed -= count;
    if (this.#paused && this.#queue.queued <= this.#lowWater) {
      this.#paused = false;
      this.#pace.resume();
    }
    if (this.#queue.queued === 0) this.#onSettled?.();
  }

  #fail(err: unknown): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#pace.fail(err);
  }

  /**
   * After the run: waits up to `graceMs` for the reader to take what is
   * queued; if it does not, abandons the queue. Returns the events not
   * written (0 when everything was flushed).
   */
  async settle(graceMs: number): Promise<number> {
    if (this.#queue.queued > 0 && !this.#failed) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, graceMs);
        this.#onSettled = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#onSettled = undefined;
    }
    if (this.#queue.queued === 0) return 0;
    this.#queue.abandon();
    return this.#unflushed;
  }
}
