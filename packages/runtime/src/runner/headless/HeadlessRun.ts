import type { GadgetRunner } from '../GadgetRunner.js';
import type { HeadlessRunSpec, HeadlessRunState, HeadlessRunStatus } from '../HeadlessRunner.js';
import type { RunError, RunMessage } from '../RunMessage.js';
import { AttachedReader } from './AttachedReader.js';
import { messageBytes } from './messageBytes.js';
import type { QueueBounds } from './QueueBounds.js';
import { RunBacklog } from './RunBacklog.js';

export interface HeadlessRunSetup {
  runner: GadgetRunner;
  node: string;
  backlog: QueueBounds;
  reader: QueueBounds;
  /** Called once when the run has ended; `byItself` is false when stop() ended it. */
  onEnd: (run: HeadlessRun, byItself: boolean) => void;
}

/** How the start of a run turned out: it began, or it failed before it could. */
export type RunBegin = { started: true } | { started: false; error: RunError };

/**
 * One headless run: reads its messages as fast as they come (the run never
 * waits for a reader), counts them, keeps a bounded backlog, and hands each
 * to every attached reader.
 */
export class HeadlessRun {
  state: HeadlessRunState = 'running';
  events = 0;
  lost = 0;
  error: RunError | undefined;
  #started: RunMessage | undefined;
  /** stats, done, error: at most one each. */
  readonly #final: RunMessage[] = [];
  readonly #backlog: RunBacklog;
  readonly #readers = new Set<AttachedReader>();
  readonly #controller = new AbortController();
  #stopping = false;
  #resolveBegin!: (begin: RunBegin) => void;
  /** Settles when the run started or failed to. */
  readonly begun = new Promise<RunBegin>((resolve) => (this.#resolveBegin = resolve));
  /** Settles once the run ended and its kernel objects are released. */
  readonly ended: Promise<void>;

  constructor(
    readonly spec: HeadlessRunSpec,
    readonly resumed: number,
    private readonly setup: HeadlessRunSetup,
  ) {
    this.#backlog = new RunBacklog(setup.backlog);
    const { timeoutMs, ...options } = spec.options;
    const stream = setup.runner.run(spec.gadget, spec.params, { ...options, timeoutMs: timeoutMs ?? 0, signal: this.#controller.signal });
    this.ended = this.#consume(stream);
  }

  async #consume(stream: AsyncIterable<RunMessage>): Promise<void> {
    try {
      for await (const m of stream) this.#take(m);
    } catch (err) {
      // a runner's stream should not throw; if it does the run is over and failed
      this.#take({ type: 'error', node: this.setup.node, error: { line: String((err as Error)?.message ?? err), details: '' } });
    }
    if (this.state === 'running') this.state = this.error ? 'failed' : 'done';
    this.#resolveBegin(this.error ? { started: false, error: this.error } : { started: true });
    for (const r of this.#readers) r.end();
    this.#readers.clear();
    this.setup.onEnd(this, !this.#stopping);
  }

  #take(m: RunMessage): void {
    const bytes = messageBytes(m);
    switch (m.type) {
      case 'started':
        this.#started = m;
        this.#resolveBegin({ started: true });
        break;
      case 'events':
      case 'table':
        this.events += m.events.length;
        this.#backlog.push(m, bytes);
        break;
      case 'lost':
        this.lost += m.count;
        this.#backlog.push(m, bytes);
        break;
      case 'stats':
        this.#final.push(m);
        break;
      case 'error':
        this.error = m.error;
        this.state = 'failed';
        this.#final.push(m);
        this.#resolveBegin({ started: false, error: m.error });
        break;
      case 'done':
        if (m.error) this.error = m.error;
        this.state = m.error ? 'failed' : 'done';
        this.#final.push(m);
        break;
      default:
        this.#backlog.push(m, bytes);
    }
    for (const r of this.#readers) r.offer(m, bytes);
  }

  /** A reader of the run: its `started`, the backlog, then live messages (and the end, once it came). */
  attach(signal?: AbortSignal): AttachedReader {
    const initial = [...(this.#started ? [this.#started] : []), ...this.#backlog.messages()];
    const over = this.state !== 'running';
    if (over) initial.push(...this.#final);
    const reader = new AttachedReader(this.setup.node, initial, this.setup.reader, (r) => this.#readers.delete(r), signal);
    if (over) reader.end();
    else this.#readers.add(reader);
    return reader;
  }

  /** Whether the run got going (its `started` came). */
  get started(): boolean {
    return this.#started !== undefined;
  }

  get readers(): number {
    return this.#readers.size;
  }

  /** Stops the run (if it still runs) and waits until its kernel objects are released. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#controller.abort();
    await this.ended;
  }

  status(): HeadlessRunStatus {
    return {
      ...this.spec,
      node: this.#started?.node ?? this.setup.node,
      state: this.state,
      events: this.events,
      lost: this.lost,
      resumed: this.resumed,
      ...(this.error ? { error: this.error } : {}),
    };
  }
}
