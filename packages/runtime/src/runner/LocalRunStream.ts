import type { GadgetRun, RunResult } from '../lifecycle/GadgetRun.js';
import type { GadgetEvent } from '../pipeline/EventPipeline.js';
import { runErrorOf } from './runError.js';
import type { RunHost, RunMessage } from './RunMessage.js';
import type { RunStream } from './GadgetRunner.js';
import { MessageQueue } from './MessageQueue.js';

/** Above this many queued messages the run stops reading from the kernel; it reads again at the low mark. */
const QUEUE_HIGH = 1024;
const QUEUE_LOW = 128;

/** A plain abort (no reason, or an AbortError) stops the run; an abort with an Error of its own fails it with that error. */
function failureOf(reason: unknown): Error | undefined {
  if (!(reason instanceof Error)) return undefined;
  return reason.name === 'AbortError' ? undefined : reason;
}

/**
 * A local run as a stream of RunMessages: the GadgetRun's events become
 * messages in the order they happened, each tagged with `node`. Ending the
 * iteration early (break, return) or aborting `signal` stops the run; the
 * iteration then ends after `done`, once the kernel objects are released.
 */
export class LocalRunStream implements RunStream {
  readonly #queue = new MessageQueue<RunMessage>({
    high: QUEUE_HIGH,
    low: QUEUE_LOW,
    onHigh: () => {
      if (this.#iterated) this.#run?.flow.hold('stream');
    },
    onLow: () => this.#run?.flow.release('stream'),
  });
  #run: GadgetRun | undefined;
  #paused = false;
  #iterated = false;
  #abandoned = false;
  #resolveEnded!: () => void;
  readonly #endedPromise = new Promise<void>((resolve) => (this.#resolveEnded = resolve));

  constructor(
    private readonly node: string,
    start: Promise<GadgetRun>,
    private readonly host: () => RunHost,
    signal?: AbortSignal,
  ) {
    start.then(
      (run) => this.#attach(run, signal),
      (err: unknown) => {
        this.#push({ type: 'error', node: this.node, error: runErrorOf(err) });
        this.#end();
      },
    );
  }

  pause(): void {
    this.#paused = true;
    this.#run?.pause();
  }

  resume(): void {
    this.#paused = false;
    this.#run?.resume();
  }

  #attach(run: GadgetRun, signal: AbortSignal | undefined): void {
    this.#run = run;
    if (this.#abandoned) run.stop();
    if (this.#paused) run.pause();
    const node = this.node;
    const abort = () => {
      const failure = failureOf(signal?.reason);
      if (failure) run.fail(failure);
      else run.stop();
    };
    if (signal?.aborted) abort();
    else signal?.addEventListener('abort', abort, { once: true });
    run.on('started', () => this.#push({ type: 'started', node, gadget: run.gadgetName, host: this.host() }));
    run.on('events', (events: GadgetEvent[], info) => this.#push({ type: info.table ? 'table' : 'events', node, events: events.slice() }));
    run.on('result', (value) => this.#push({ type: 'result', node, value }));
    run.on('lost', (r) => this.#push({ type: 'lost', node, count: r.count, reason: r.reason, where: r.where, message: r.message }));
    run.on('log', (level, message) => this.#push({ type: 'log', node, level, message }));
    run.on('stats', (stats) => this.#push({ type: 'stats', node, stats }));
    void run.done.then((result: RunResult) => {
      signal?.removeEventListener('abort', abort);
      const done: RunMessage = { type: 'done', node, reason: result.reason, cleanupErrors: result.cleanupErrors.map(runErrorOf) };
      if (result.result !== undefined) done.result = result.result;
      if (result.error) done.error = runErrorOf(result.error);
      // `stats` was emitted right after `done` resolved, before this callback
      this.#push(done);
      this.#end();
    });
  }

  #push(message: RunMessage): void {
    this.#queue.push(message);
  }

  #end(): void {
    this.#resolveEnded();
    this.#queue.end();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RunMessage> {
    this.#iterated = true;
    try {
      yield* this.#queue.drain();
    } finally {
      // the reader left early: stop the run and wait until its kernel objects are released
      if (!this.#queue.ended) {
        this.#abandoned = true;
        this.#run?.stop();
        await this.#endedPromise;
      }
    }
  }
}
