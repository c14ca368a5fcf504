import type { ServerResponse } from 'node:http';
import { ClientQueue, type QueueLimits, type QueuedMessage } from './ClientQueue.js';

/**
 * One open /events stream. Writes while the socket takes them and waits for
 * 'drain' when it does not: what waits is the bounded ClientQueue, never
 * Node's own write buffer.
 */
export class SseClient {
  readonly #res: ServerResponse;
  readonly #queue: ClientQueue;
  #blocked = false;
  #closed = false;

  constructor(res: ServerResponse, limits?: QueueLimits) {
    this.#res = res;
    this.#queue = new ClientQueue(limits);
    res.on('drain', () => {
      this.#blocked = false;
      this.#flush();
    });
    res.on('close', () => (this.#closed = true));
  }

  get closed(): boolean {
    return this.#closed;
  }

  get missedTotal(): number {
    return this.#queue.missedTotal;
  }

  /** True while this tab's queue drops event slices. */
  get full(): boolean {
    return this.#queue.full;
  }

  drop(events: number): void {
    this.#queue.drop(events);
  }

  send(message: QueuedMessage): void {
    if (this.#closed) return;
    this.#queue.push(message);
    this.#flush();
  }

  /** Sends what is queued and ends the stream (the run is over). */
  end(): void {
    if (this.#closed) return;
    this.#flush();
    if (!this.#blocked) this.#res.end();
    else this.#res.once('drain', () => this.#res.end());
  }

  #flush(): void {
    while (!this.#blocked && !this.#closed) {
      const text = this.#queue.shift();
      if (text === undefined) return;
      if (!this.#res.write(text)) this.#blocked = true;
    }
  }
}
