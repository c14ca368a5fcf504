/** One message ready to send: its SSE text, what kind it is and how many events it carries. */
export interface QueuedMessage {
  type: string;
  text: string;
  events: number;
}

/** What a client's queue keeps at most before it drops. */
export interface QueueLimits {
  /** Bytes of SSE text waiting for one client. */
  maxBytes: number;
}

export const DEFAULT_QUEUE_LIMITS: QueueLimits = { maxBytes: 4 * 1024 * 1024 };

/** Messages that replace the one of their type still waiting: each is a whole picture of now. */
const LATEST_ONLY = new Set(['table', 'result', 'stats']);

const DROPPABLE = new Set(['events', 'lost', 'log']);

/**
 * The messages waiting for one browser tab that reads slower than the run
 * produces (a background tab, a slow link). Bounded in bytes: past the bound,
 * event slices are dropped and counted, and a newer table, result or stats
 * replaces the one still waiting; the count missed goes out before the next
 * message the tab gets.
 */
export class ClientQueue {
  readonly #limits: QueueLimits;
  #queue: QueuedMessage[] = [];
  #bytes = 0;
  /** Events dropped and not yet reported to the tab. */
  #missed = 0;
  /** Events dropped over the client's life. */
  #missedTotal = 0;

  constructor(limits: QueueLimits = DEFAULT_QUEUE_LIMITS) {
    this.#limits = limits;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get missedTotal(): number {
    return this.#missedTotal;
  }

  /** True when event slices are dropped now: they need not even be turned into text for this tab. */
  get full(): boolean {
    return this.#bytes >= this.#limits.maxBytes;
  }

  /** Counts `events` this tab will not get. */
  drop(events: number): void {
    this.#missed += events;
    this.#missedTotal += events;
  }

  push(message: QueuedMessage): void {
    if (LATEST_ONLY.has(message.type)) {
      const at = this.#queue.findIndex((m) => m.type === message.type);
      if (at >= 0) {
        this.#bytes -= this.#queue[at]!.text.length;
        this.#queue.splice(at, 1);
      }
    }
    // the start and the end are always kept (a tab must learn the run stopped);
    // lost and log reports may go (the stats carry the losses too), events are counted
    const droppable = DROPPABLE.has(message.type);
    if (droppable && this.#bytes + message.text.length > this.#limits.maxBytes) {
      this.drop(message.events);
      return;
    }
    this.#queue.push(message);
    this.#bytes += message.text.length;
  }

  /** The next text to send: the count missed first when there is one. */
  shift(): string | undefined {
    if (this.#missed > 0) {
      const text = sseText({ type: 'missed', count: this.#missed, total: this.#missedTotal });
      this.#missed = 0;
      return text;
    }
    const next = this.#queue.shift();
    if (!next) return undefined;
    this.#bytes -= next.text.length;
    return next.text;
  }
}

/** One Server-Sent Events message carrying `data` as one line of JSON. */
export function sseText(data: unknown): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}
