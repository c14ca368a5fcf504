import type { ServerResponse } from 'node:http';
import { runMessageToJson, type RunMessage } from '@gadgetry/runtime';
import { sseText, type QueueLimits, type QueuedMessage } from './ClientQueue.js';
import { SseClient } from './SseClient.js';

/** Messages a tab that opens late still needs: the latest of each, in this order. */
const REPLAYED = ['started', 'table', 'result', 'stats', 'done'] as const;

/**
 * A run's messages to every open tab, each message turned into its wire JSON
 * once (runMessageToJson: the same form remote runs carry). A tab that opens
 * late gets the start, the latest table, result and stats, then what comes.
 */
export class RunBroadcast {
  readonly #clients = new Set<SseClient>();
  readonly #latest = new Map<string, QueuedMessage>();
  readonly #limits: QueueLimits | undefined;
  #ended = false;

  constructor(limits?: QueueLimits) {
    this.#limits = limits;
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  observe(message: RunMessage): void {
    for (const client of this.#clients) if (client.closed) this.#clients.delete(client);
    let takers = [...this.#clients];
    if (message.type === 'events') {
      // slices are not kept for tabs opened later: with no tab that takes them, they are not even turned into text
      for (const client of takers) if (client.full) client.drop(message.events.length);
      takers = takers.filter((c) => !c.full);
      if (takers.length === 0) return;
    }
    const events = message.type === 'events' || message.type === 'table' ? message.events.length : 0;
    const queued: QueuedMessage = { type: message.type, text: sseText(runMessageToJson(message)), events };
    if ((REPLAYED as readonly string[]).includes(message.type)) this.#latest.set(message.type, queued);
    for (const client of takers) client.send(queued);
    if (message.type === 'done') this.end();
  }

  /** Opens an SSE stream on `res` for one tab. */
  attach(res: ServerResponse): SseClient {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    const client = new SseClient(res, this.#limits);
    for (const type of REPLAYED) {
      const message = this.#latest.get(type);
      if (message) client.send(message);
    }
    if (this.#ended) client.end();
    else this.#clients.add(client);
    res.on('close', () => this.#clients.delete(client));
    return client;
  }

  /** The run is over: every stream ends once its queue is sent. */
  end(): void {
    this.#ended = true;
    for (const client of this.#clients) client.end();
    this.#clients.clear();
  }
}
