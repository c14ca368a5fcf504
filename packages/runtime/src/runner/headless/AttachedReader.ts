import { LOSS_REASONS, type LossReason, type LossWhere } from '@gadgetry/errors';
import type { RunStream } from '../GadgetRunner.js';
import type { RunMessage } from '../RunMessage.js';
import { MessageQueue } from '../MessageQueue.js';
import { eventsIn } from './messageBytes.js';
import type { QueueBounds } from './QueueBounds.js';

type Lost = Extract<RunMessage, { type: 'lost' }>;

/** Messages a reader must see whatever its pace: there is at most one of each per run. */
const CONTROL = new Set<RunMessage['type']>(['started', 'stats', 'done', 'error']);

/**
 * One reader attached to a headless run: what it has not read yet, held to
 * its bounds. The run hands it every message and never waits for it; a
 * message that does not fit (or comes while the reader is paused) is
 * dropped and counted, and the reader gets the count as a `lost` message
 * (reason reader_behind) once it has room again. A `lost` report of the run
 * that does not fit is added to the next one of the same reason, so every
 * count arrives exactly.
 */
export class AttachedReader implements RunStream {
  readonly #queue = new MessageQueue<{ message: RunMessage; bytes: number }>();
  #bytes = 0;
  /** Lost counts not delivered yet, by reason and place. */
  readonly #owed = new Map<string, Lost>();
  #droppedOther = 0;
  #paused = false;
  #left = false;
  /** Events this reader lost because it fell behind; for tests and stats. */
  lostByReader = 0;

  constructor(
    private readonly node: string,
    private readonly initial: RunMessage[],
    private readonly bounds: QueueBounds,
    private readonly onLeave: (reader: AttachedReader) => void,
    signal?: AbortSignal,
  ) {
    if (signal?.aborted) this.#leave();
    else signal?.addEventListener('abort', () => this.#leave(), { once: true });
  }

  /** Messages queued and not yet read (the initial backlog not counted). */
  get queued(): number {
    return this.#queue.length;
  }

  get queuedBytes(): number {
    return this.#bytes;
  }

  /** While paused, the reader's output cannot keep up: what comes meanwhile is dropped and counted. */
  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    this.#queue.wake();
  }

  /** Takes a message of the run; never blocks, never grows past the bounds (bar the few control messages). */
  offer(message: RunMessage, bytes: number): void {
    if (this.#queue.ended || this.#left) return;
    if (CONTROL.has(message.type)) {
      this.#flushOwed();
      this.#enqueue(message, bytes);
      return;
    }
    const full = this.queued >= this.bounds.messages || this.#bytes + bytes > this.bounds.bytes;
    if (this.#paused || full) {
      this.#drop(message);
      return;
    }
    this.#flushOwed();
    this.#enqueue(message, bytes);
  }

  /** The run has no more messages: the reader ends once it has read what is queued. */
  end(): void {
    this.#flushOwed();
    this.#queue.end();
  }

  #drop(message: RunMessage): void {
    if (message.type === 'lost') {
      this.#owe(message.reason, message.where, message.count, message.message);
      return;
    }
    const n = eventsIn(message);
    if (n === 0) {
      this.#droppedOther++;
      return;
    }
    this.lostByReader += n;
    this.#owe('reader_behind', 'queue', n, '');
  }

  #owe(reason: LossReason, where: LossWhere, count: number, message: string): void {
    const key = `${reason}\0${where}`;
    const had = this.#owed.get(key);
    if (had) had.count += count;
    else this.#owed.set(key, { type: 'lost', node: this.node, count, reason, where, message });
  }

  /** Owed counts go out before anything that came after the loss, so the reader sees where the gap was. */
  #flushOwed(): void {
    if (this.#owed.size === 0 && this.#droppedOther === 0) return;
    for (const lost of this.#owed.values()) {
      if (lost.reason === 'reader_behind') {
        const other = this.#droppedOther ? ` (and ${this.#droppedOther} log messages)` : '';
        lost.message = `${lost.count} events lost: ${LOSS_REASONS.reader_behind.summary}${other}`;
        this.#droppedOther = 0;
      }
      this.#enqueue(lost, 128);
    }
    this.#owed.clear();
    if (this.#droppedOther) {
      const n = this.#droppedOther;
      this.#droppedOther = 0;
      this.#enqueue({ type: 'log', node: this.node, level: 'warn', message: `${n} log messages of the run were dropped: this reader fell behind` }, 128);
    }
  }

  #enqueue(message: RunMessage, bytes: number): void {
    this.#bytes += bytes;
    this.#queue.push({ message, bytes });
  }

  #take(): RunMessage | undefined {
    const item = this.#queue.take();
    if (!item) return undefined;
    this.#bytes -= item.bytes;
    return item.message;
  }

  #leave(): void {
    if (this.#left) return;
    this.#left = true;
    this.#queue.clear();
    this.#bytes = 0;
    this.onLeave(this);
    this.#queue.wake();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RunMessage> {
    try {
      for (const m of this.initial) {
        if (this.#left) return;
        yield m;
      }
      for (;;) {
        if (this.#left) return;
        // a reader that caught up gets what it is owed without waiting for the next message
        if (this.queued === 0 && !this.#paused) this.#flushOwed();
        const next = this.#take();
        if (next) {
          yield next;
          continue;
        }
        if (this.#queue.ended) return;
        await this.#queue.waitForMore();
      }
    } finally {
      // ending the iteration detaches this reader only; the run goes on
      this.#leave();
    }
  }
}
