import type { RunMessage, RunStream } from '@gadgetry/runtime';
import { toWireMessage } from '../proto/messageMapping.js';
import type { WireRunMessage } from '../proto/wireTypes.js';

/** How much one client's run may hold in the agent before it loses events. */
export interface FeedBounds {
  /** Messages queued for the client. */
  messages: number;
  /** Bytes of their JSON. */
  bytes: number;
}

export const DEFAULT_FEED_BOUNDS: FeedBounds = { messages: 256, bytes: 4 << 20 };

/** Where a feed writes: a gRPC server stream (write() false = the client's window is full; 'drain' once it is not). */
export interface FeedSink {
  write(message: WireRunMessage): boolean;
  once(event: 'drain', listener: () => void): unknown;
  removeListener(event: 'drain', listener: () => void): unknown;
}

export interface FeedTotals {
  /** Events handed to the client's stream. */
  sent: number;
  /** Events the agent dropped because the client did not read (client_behind): every one was reported to it. */
  dropped: number;
  /** Every lost event reported to the client (the kernel's while reading was paused, and `dropped`). */
  lost: number;
}

interface Queued {
  wire: WireRunMessage;
  bytes: number;
  /** Events in it (events and table messages). */
  events: number;
}

const isEvents = (m: RunMessage): m is Extract<RunMessage, { type: 'events' | 'table' }> => m.type === 'events' || m.type === 'table';

/**
 * One client's view of a run, bounded: messages wait in a queue for the
 * client's stream; once the queue holds half its bound the run stops reading
 * the kernel (pause: the kernel drops and counts, reported as `paused`), and
 * events beyond the bound are dropped here and counted. Before the next
 * message the client gets, a `lost` message (client_behind) says exactly how
 * many; the run's closing stats count them too. Messages other than events
 * are never dropped: they are few, and the client needs every one.
 */
export class ClientFeed {
  readonly #queue: Queued[] = [];
  #bytes = 0;
  #blocked = false;
  #paused = false;
  /** Dropped and not yet reported. */
  #pending = 0;
  readonly totals: FeedTotals = { sent: 0, dropped: 0, lost: 0 };
  #node = '';
  #drained: (() => void) | undefined;
  readonly #onDrain = () => {
    this.#blocked = false;
    this.#flush();
  };

  constructor(
    private readonly sink: FeedSink,
    private readonly stream: RunStream,
    private readonly bounds: FeedBounds = DEFAULT_FEED_BOUNDS,
  ) {}

  /** Feeds every message of the run to the client; resolves once the last one was handed to the stream (or `stopped` says the client left). */
  async pump(stopped: () => boolean): Promise<FeedTotals> {
    for await (const message of this.stream) {
      if (stopped()) {
        // the client left: the run is stopping; read it to its end so it frees its kernel objects
        if (this.#paused) {
          this.#paused = false;
          this.stream.resume();
        }
        continue;
      }
      this.#node = message.node;
      this.#take(message);
    }
    if (!stopped()) {
      this.#reportDropped();
      await this.#emptied(stopped);
    }
    this.sink.removeListener('drain', this.#onDrain);
    return this.totals;
  }

  #take(message: RunMessage): void {
    if (isEvents(message) && this.#full()) {
      this.#pending += message.events.length;
      this.totals.dropped += message.events.length;
      return;
    }
    this.#reportDropped();
    this.#enqueue(message.type === 'stats' ? this.#withDropped(message) : message);
  }

  #full(): boolean {
    return this.#queue.length >= this.bounds.messages || this.#bytes >= this.bounds.bytes;
  }

  /** The run's closing stats count the events this client lost here. */
  #withDropped(m: Extract<RunMessage, { type: 'stats' }>): RunMessage {
    const dropped = this.totals.dropped;
    if (dropped === 0) return m;
    const lost = m.stats.lost;
    const byReason = { ...lost.byReason, client_behind: (lost.byReason.client_behind ?? 0) + dropped };
    return { ...m, stats: { ...m.stats, lost: { ...lost, total: lost.total + dropped, queue: lost.queue + dropped, byReason } } };
  }

  #reportDropped(): void {
    if (this.#pending === 0) return;
    const count = this.#pending;
    this.#pending = 0;
    this.#enqueue({
      type: 'lost',
      node: this.#node,
      count,
      reason: 'client_behind',
      where: 'queue',
      message: `the client did not read fast enough: the agent dropped ${count} events queued for it`,
    });
  }

  #enqueue(message: RunMessage): void {
    const wire = toWireMessage(message);
    const bytes = wire.messageJson.length;
    this.#queue.push({ wire, bytes, events: isEvents(message) ? message.events.length : 0 });
    this.#bytes += bytes;
    if (!this.#paused && (this.#queue.length >= this.bounds.messages / 2 || this.#bytes >= this.bounds.bytes / 2)) {
      this.#paused = true;
      this.stream.pause();
    }
    this.#flush();
  }

  #flush(): void {
    while (!this.#blocked && this.#queue.length > 0) {
      const next = this.#queue.shift()!;
      this.#bytes -= next.bytes;
      this.totals.sent += next.events;
      this.totals.lost += next.wire.lostCount;
      if (!this.sink.write(next.wire)) {
        this.#blocked = true;
        this.sink.once('drain', this.#onDrain);
      }
    }
    if (this.#paused && this.#queue.length <= this.bounds.messages / 8 && this.#bytes <= this.bounds.bytes / 8) {
      this.#paused = false;
      this.stream.resume();
    }
    if (this.#queue.length === 0 && !this.#blocked) this.#drained?.();
  }

  #emptied(stopped: () => boolean): Promise<void> {
    if (this.#queue.length === 0 && !this.#blocked) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const poll = setInterval(() => stopped() && done(), 200);
      const done = () => {
        clearInterval(poll);
        this.#drained = undefined;
        resolve();
      };
      this.#drained = done;
    });
  }
}
