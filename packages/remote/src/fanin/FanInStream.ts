import { MessageQueue, type RunError, type RunMessage, type RunStats, type RunStream } from '@gadgetry/runtime';
import { mergeStats } from './mergeStats.js';
import { shiftTimestamps } from './nodeField.js';
import { TableMerger } from './TableMerger.js';
import { orderTable, type TableOrder } from './tableOrder.js';
import { mergeNodeResults, resultOfNode } from './nodeResults.js';

/** One node's run inside a fan-in run. */
export interface FanInSource {
  /** What the node is called until its agent says (its address). */
  name: string;
  stream: RunStream;
}

type Done = Extract<RunMessage, { type: 'done' }>;

/** Messages held for the reader before the nodes' streams wait for it. */
const QUEUE_HIGH = 256;
const QUEUE_LOW = 64;

/**
 * Many nodes' runs as one: events tagged with their node (a `node` field),
 * tables of the same interval merged, one `started`, one `stats` (added up)
 * and one `done` at the end. A node that fails while others go on becomes
 * one warning naming it; the run fails only when every node failed.
 */
export class FanInStream implements RunStream {
  readonly #queue = new MessageQueue<RunMessage>({ low: QUEUE_LOW, onLow: () => this.#release() });
  #refClock: bigint | undefined;
  readonly #shift = new Map<string, bigint>();
  readonly #tables: TableMerger;
  readonly #stats: RunStats[] = [];
  readonly #dones: Done[] = [];
  /** Failures before any node started, held: one error if every node fails, warnings if one starts. */
  readonly #held: { node: string; error: RunError }[] = [];
  readonly #failed = new Set<string>();
  #anyStarted = false;
  #firstNode: string | undefined;

  readonly #allEnded: Promise<unknown>;
  /** Pumps waiting for the reader to catch up. */
  #waiting: (() => void)[] = [];
  #abandoned = false;

  /** `stop` stops every node's run (the reader left early); `order` sorts and cuts merged tables as each node did its own. */
  constructor(
    private readonly sources: FanInSource[],
    private readonly timestamps: string[],
    private readonly stop: () => void,
    private readonly order?: TableOrder,
  ) {
    this.#tables = new TableMerger(sources.map((s) => s.name));
    this.#allEnded = Promise.allSettled(sources.map((s) => this.#pump(s))).then(() => this.#end());
  }

  pause(): void {
    for (const s of this.sources) s.stream.pause();
  }

  resume(): void {
    for (const s of this.sources) s.stream.resume();
  }

  async #pump(source: FanInSource): Promise<void> {
    let node = source.name;
    try {
      for await (const m of source.stream) {
        node = m.node;
        this.#handle(source.name, m);
        // a reader that falls behind holds every node back (each agent then stops reading its kernel)
        if (this.#queue.length >= QUEUE_HIGH && !this.#abandoned) await new Promise<void>((resolve) => this.#waiting.push(resolve));
      }
    } catch (err) {
      this.#nodeFailed(node, { line: `node ${node}: ${(err as Error).message}`, details: '' });
    }
    this.#tablesOut(this.#tables.end(source.name), node);
  }

  /** `key`: the source's own name, which tables are merged by (a node's name is known only once it speaks). */
  #handle(key: string, m: RunMessage): void {
    switch (m.type) {
      case 'started': {
        const clock = /^-?\d{1,24}$/.test(m.host.bootToEpochNs) ? BigInt(m.host.bootToEpochNs) : 0n;
        if (this.#refClock === undefined) {
          this.#refClock = clock;
          this.#firstNode = m.node;
          this.#push(m);
        }
        this.#shift.set(m.node, clock - this.#refClock);
        if (!this.#anyStarted) {
          this.#anyStarted = true;
          for (const h of this.#held.splice(0)) this.#warn(h.node, h.error);
        }
        return;
      }
      case 'events':
        this.#push({ ...m, events: this.#tag(m.node, m.events) });
        return;
      case 'table':
        this.#tablesOut(this.#tables.add(key, this.#tag(m.node, m.events)), m.node);
        return;
      case 'log':
        this.#push({ ...m, message: `node ${m.node}: ${m.message}` });
        return;
      case 'stats':
        this.#stats.push(m.stats);
        return;
      case 'error':
        this.#nodeFailed(m.node, m.error);
        return;
      case 'result':
        this.#push(this.sources.length > 1 ? { ...m, value: resultOfNode(m.node, m.value) } : m);
        return;
      case 'done':
        if (m.error) this.#nodeFailed(m.node, m.error);
        this.#dones.push(m);
        return;
      default:
        this.#push(m);
    }
  }

  #tag(node: string, events: Record<string, unknown>[]): Record<string, unknown>[] {
    const shift = this.#shift.get(node) ?? 0n;
    return events.map((e) => {
      const tagged = { node, ...e };
      shiftTimestamps(tagged, this.timestamps, shift);
      return tagged;
    });
  }

  #tablesOut(tables: Record<string, unknown>[][], node: string): void {
    for (const events of tables) this.#push({ type: 'table', node, events: this.sources.length > 1 ? orderTable(events, this.order) : events });
  }

  #nodeFailed(node: string, error: RunError): void {
    if (this.#failed.has(node)) return;
    this.#failed.add(node);
    if (this.#anyStarted) this.#warn(node, error);
    else this.#held.push({ node, error });
  }

  #warn(node: string, error: RunError): void {
    const line = error.line.startsWith(`node ${node}:`) ? error.line : `node ${node}: ${error.line}`;
    const others = this.sources.length > 1 ? '; the other nodes go on' : '';
    this.#push({ type: 'log', node, level: 'warn', message: `${line}${others}` });
  }

  #end(): void {
    this.#tablesOut(this.#tables.flush(), this.#firstNode ?? this.sources[0]!.name);
    const node = this.#firstNode ?? this.#held[0]?.node ?? this.sources[0]!.name;
    const everyFailed = this.#failed.size >= this.sources.length;
    if (everyFailed && !this.#anyStarted) {
      // no node ran: the first failure is the run's error, the others are said before it
      const [first, ...rest] = this.#held;
      for (const h of rest) this.#warn(h.node, h.error);
      if (first) this.#push({ type: 'error', node: first.node, error: this.sources.length > 1 ? { ...first.error, line: `node ${first.node}: ${first.error.line}` } : first.error });
    } else {
      const stats = mergeStats(this.#stats);
      if (stats) this.#push({ type: 'stats', node, stats });
      const ok = this.#dones.find((d) => !d.error);
      const done: Done = { type: 'done', node, reason: ok?.reason ?? 'failed', cleanupErrors: this.#dones.flatMap((d) => d.cleanupErrors) };
      const result = mergeNodeResults(this.#dones.filter((d) => d.result !== undefined).map((d) => ({ node: d.node, value: d.result })));
      if (result !== undefined) done.result = result;
      if (everyFailed) done.error = this.#dones.find((d) => d.error)?.error ?? { line: 'every node failed', details: '' };
      this.#push(done);
    }
    this.#queue.end();
  }

  #push(m: RunMessage): void {
    if (this.#abandoned) return;
    this.#queue.push(m);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RunMessage> {
    try {
      yield* this.#queue.drain();
    } finally {
      if (!this.#queue.ended) {
        // the reader left early: stop every node's run and wait for their ends
        this.#abandoned = true;
        this.stop();
        this.#release();
        this.#queue.clear();
        await this.#allEnded;
      }
    }
  }

  #release(): void {
    for (const go of this.#waiting.splice(0)) go();
  }
}
