import type * as grpc from '@grpc/grpc-js';
import { MessageQueue, runErrorOf, type RunMessage, type RunStats, type RunStream } from '@gadgetry/runtime';
import { GadgetryError, LOSS_REASONS, LOSS_REASON_NAMES, LOSS_WHERE, isLossReason } from '@gadgetry/errors';
import { fromWireMessage } from '../proto/messageMapping.js';
import { errorOfServiceError } from '../proto/statusMapping.js';
import type { WireRunMessage } from '../proto/wireTypes.js';

/** Messages held before the call stops reading (then the agent's feed fills and it stops reading the kernel). */
const HIGH = 64;
const LOW = 16;

/** The connection to an agent broke in the middle of a run. */
export class RemoteNodeLostError extends GadgetryError {
  constructor(node: string, address: string, why: string) {
    super('REMOTE_NODE_LOST', `node ${node}: the connection to the agent at ${address} was lost mid-run (${why})`);
  }
}

/**
 * A run on an agent, as the client reads it: the agent's messages, then the
 * end. A run the client stops (abort, or leaving the iteration) cancels the
 * call, which stops the run on the agent; the stream then ends with the
 * `stats` and `done` it can tell from what it received. A broken connection
 * before the run started is one `error` (REMOTE_UNREACHABLE), after it a
 * `done` failed with REMOTE_NODE_LOST.
 */
export class RemoteRunStream implements RunStream {
  #paused = false;
  #held = false;
  readonly #queue = new MessageQueue<RunMessage>({
    high: HIGH,
    low: LOW,
    onHigh: () => {
      if (this.#held) return;
      this.#held = true;
      this.call.pause();
    },
    onLow: () => {
      if (!this.#held) return;
      this.#held = false;
      if (!this.#paused) this.call.resume();
    },
  });
  #cancelled = false;
  #node: string;
  #gadget: string;
  #startedAt: number | undefined;
  #events = 0;
  readonly #lost = new Map<string, number>();
  #sawStats = false;
  #sawEnd = false;

  constructor(
    private readonly call: grpc.ClientReadableStream<WireRunMessage>,
    private readonly address: string,
    gadget: string,
    signal?: AbortSignal,
  ) {
    this.#node = address;
    this.#gadget = gadget;
    call.on('data', (wire: WireRunMessage) => this.#receive(wire));
    call.on('error', (err: grpc.ServiceError) => this.#failed(err));
    call.on('end', () => this.#close());
    if (signal?.aborted) this.#cancel();
    else signal?.addEventListener('abort', () => this.#cancel(), { once: true });
  }

  pause(): void {
    this.#paused = true;
    this.call.pause();
  }

  resume(): void {
    this.#paused = false;
    if (!this.#held) this.call.resume();
  }

  #receive(wire: WireRunMessage): void {
    if (this.#queue.ended) return;
    let m: RunMessage;
    try {
      m = fromWireMessage(wire);
    } catch (err) {
      this.#sawEnd = true;
      this.#push({ type: 'error', node: this.#node, error: runErrorOf(err) });
      this.#cancelled = true;
      this.call.cancel();
      this.#close();
      return;
    }
    this.#node = m.node;
    if (m.type === 'started') {
      this.#startedAt = Date.now();
      this.#gadget = m.gadget;
    }
    if (m.type === 'events' || m.type === 'table') this.#events += m.events.length;
    if (m.type === 'lost') this.#lost.set(m.reason, (this.#lost.get(m.reason) ?? 0) + m.count);
    if (m.type === 'stats') this.#sawStats = true;
    if (m.type === 'done' || m.type === 'error') this.#sawEnd = true;
    this.#push(m);
  }

  #failed(err: grpc.ServiceError): void {
    if (this.#queue.ended) return;
    if (this.#cancelled) return this.#finish('stopped');
    const error = errorOfServiceError(err, this.address);
    if (this.#startedAt === undefined && !this.#sawEnd) {
      this.#sawEnd = true;
      this.#push({ type: 'error', node: this.#node, error: runErrorOf(error) });
      return this.#close();
    }
    const lost = (error as { code?: string }).code === 'REMOTE_UNREACHABLE' ? new RemoteNodeLostError(this.#node, this.address, err.details || 'connection closed') : error;
    this.#finish('failed', runErrorOf(lost));
  }

  /** The end the agent could not send: stats from what arrived, and done. */
  #finish(reason: 'stopped' | 'failed', error?: ReturnType<typeof runErrorOf>): void {
    if (!this.#sawEnd) {
      if (!this.#sawStats && this.#startedAt !== undefined) this.#push({ type: 'stats', node: this.#node, stats: this.#stats(reason) });
      const done: RunMessage = { type: 'done', node: this.#node, reason, cleanupErrors: [] };
      if (error) done.error = error;
      this.#sawEnd = true;
      this.#push(done);
    }
    this.#close();
  }

  #stats(reason: 'stopped' | 'failed'): RunStats {
    const byReason = Object.fromEntries([...LOSS_REASON_NAMES.map((r) => [r, 0] as const), ...this.#lost]);
    const where: Record<string, number> = Object.fromEntries(LOSS_WHERE.map((w) => [w, 0]));
    let total = 0;
    for (const [reason, n] of this.#lost) {
      total += n;
      if (isLossReason(reason)) where[LOSS_REASONS[reason].where]! += n;
    }
    const durationMs = Date.now() - (this.#startedAt ?? Date.now());
    const lost = { total, ...where, byReason } as unknown as RunStats['lost'];
    return { gadget: this.#gadget, ended: reason, events: this.#events, lost, invalid: { notObject: 0, mismatched: 0 }, durationMs, eventsPerSecond: durationMs > 0 ? Math.round((this.#events * 10_000) / durationMs) / 10 : 0 };
  }

  #cancel(): void {
    if (this.#queue.ended || this.#cancelled) return;
    this.#cancelled = true;
    this.call.cancel();
  }

  #push(m: RunMessage): void {
    this.#queue.push(m);
  }

  #close(): void {
    if (this.#queue.ended) return;
    // an agent that closed the call without its done: the run's end is unknown
    if (!this.#sawEnd && !this.#cancelled) {
      this.#finish('failed', runErrorOf(new RemoteNodeLostError(this.#node, this.address, 'the agent ended the call without the run\'s end')));
      return;
    }
    this.#queue.end();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RunMessage> {
    try {
      yield* this.#queue.drain();
    } finally {
      this.#cancel();
    }
  }
}
