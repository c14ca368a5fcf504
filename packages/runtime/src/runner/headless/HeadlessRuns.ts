import { hostname } from 'node:os';
import type { GadgetRunner, RunStream } from '../GadgetRunner.js';
import type { HeadlessRunner, HeadlessRunSpec, HeadlessRunStatus } from '../HeadlessRunner.js';
import type { RunMessage } from '../RunMessage.js';
import { runErrorOf } from '../runError.js';
import { TrustPolicy } from '../../registry/TrustPolicy.js';
import { AgentRequiredError, CarriedRunError, RunNameTakenError, RunNotFoundError } from './headlessErrors.js';
import { HeadlessRun } from './HeadlessRun.js';
import { BACKLOG_BOUNDS, READER_BOUNDS, boundsOf, type QueueBounds } from './QueueBounds.js';
import { checkRunName, isRunName } from './runName.js';
import { SpecStore } from './SpecStore.js';

export interface HeadlessRunsOptions {
  /** Where specs are saved, so an agent restart can start the runs again (created 0700). */
  stateDir: string;
  /** The name statuses and messages are tagged with before a run says its own; this host's name by default. */
  node?: string;
  /** What attach shows of a run's past (default: 1,000 messages, 8 MiB). */
  backlog?: Partial<QueueBounds>;
  /** How far one attached reader may fall behind before it loses messages (default: 512 messages, 4 MiB). */
  readerQueue?: Partial<QueueBounds>;
  /** Who may own the state folder and its files (default: root and the agent's user). */
  trust?: () => TrustPolicy;
}

/** A run whose saved spec could not be read: listed as failed until removed. */
interface Unreadable {
  status: HeadlessRunStatus;
}

/**
 * Headless runs kept by an agent over any GadgetRunner (the agent's
 * LocalRunner): they outlive the client that started them, are listed,
 * attached to and removed by name, and are started again from their saved
 * specs when the agent restarts (resumeSaved).
 */
export class HeadlessRuns implements HeadlessRunner {
  readonly #runs = new Map<string, HeadlessRun | Unreadable>();
  readonly #store: SpecStore;
  readonly #node: string;
  readonly #backlog: QueueBounds;
  readonly #reader: QueueBounds;
  #closed = false;

  constructor(
    private readonly runner: GadgetRunner,
    options: HeadlessRunsOptions,
  ) {
    this.#store = new SpecStore(options.stateDir, options.trust);
    this.#node = options.node ?? hostname();
    this.#backlog = boundsOf(options.backlog, BACKLOG_BOUNDS);
    this.#reader = boundsOf(options.readerQueue, READER_BOUNDS);
  }

  /** Starts the run and saves its spec once it started; a run that cannot start throws its error (bad params: exit 2) and is not kept. */
  async detach(given: Omit<HeadlessRunSpec, 'createdAt'>): Promise<HeadlessRunStatus> {
    if (this.#closed) throw new AgentRequiredError('run --detach (the agent is stopping)');
    const name = checkRunName(given.name);
    if (this.#runs.has(name) || this.#store.has(name)) throw new RunNameTakenError(name);
    const spec: HeadlessRunSpec = { name, gadget: given.gadget, params: { ...given.params }, options: { ...given.options }, createdAt: new Date().toISOString() };
    const run = this.#start(spec, 0);
    const begin = await run.begun;
    if (!begin.started) {
      await run.ended;
      this.#runs.delete(name);
      throw new CarriedRunError(begin.error);
    }
    // a one-shot run may be over already: it is listed, not saved
    if (run.state === 'running') this.#save(run);
    return run.status();
  }

  #start(spec: HeadlessRunSpec, resumed: number): HeadlessRun {
    const run = new HeadlessRun(spec, resumed, {
      runner: this.runner,
      node: this.#node,
      backlog: this.#backlog,
      reader: this.#reader,
      onEnd: (r, byItself) => {
        // a run that ended by itself (timeout, one-shot, failure) is listed until removed, not started again
        // (one that never started after a restart keeps its spec: resumeSaved lists it as failed)
        if (byItself && r.started && this.#runs.get(r.spec.name) === r) this.#forget(r.spec.name);
      },
    });
    this.#runs.set(spec.name, run);
    return run;
  }

  #save(run: HeadlessRun): void {
    try {
      this.#store.save({ spec: run.spec, resumed: run.resumed });
    } catch (err) {
      // the run goes on; ps says it will not survive a restart
      run.error = runErrorOf(err);
    }
  }

  #forget(name: string): void {
    try {
      this.#store.delete(name);
    } catch {
      // listed as it is; rm tries again
    }
  }

  attach(name: string, options: { signal?: AbortSignal } = {}): RunStream {
    const run = this.#runs.get(name);
    if (run instanceof HeadlessRun) return run.attach(options.signal);
    const message: RunMessage = { type: 'error', node: this.#node, error: runErrorOf(new RunNotFoundError(name)) };
    if (run) message.error = run.status.error!;
    return oneMessage(message);
  }

  list(): Promise<HeadlessRunStatus[]> {
    const statuses = [...this.#runs.values()].map((r) => (r instanceof HeadlessRun ? r.status() : r.status));
    return Promise.resolve(statuses.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
  }

  async remove(name: string): Promise<HeadlessRunStatus> {
    const run = this.#runs.get(name);
    if (!run) {
      // a spec saved by an earlier agent that was never resumed is removed too
      if (isRunName(name) && this.#store.has(name)) {
        this.#store.delete(name);
        return { name, gadget: '', params: {}, options: {}, createdAt: '', node: this.#node, state: 'done', events: 0, lost: 0, resumed: 0 };
      }
      throw new RunNotFoundError(name);
    }
    if (run instanceof HeadlessRun) await run.stop();
    this.#store.delete(name);
    this.#runs.delete(name);
    return run instanceof HeadlessRun ? run.status() : run.status;
  }

  /**
   * At agent start: starts every saved run again (resumed + 1). A state folder
   * that breaks the trust rules is refused (UNTRUSTED_PATH); a spec that
   * cannot be read or a run that cannot start is listed as failed with its
   * error and kept saved, so it is tried again after the next restart.
   */
  async resumeSaved(): Promise<HeadlessRunStatus[]> {
    const loaded = this.#store.load();
    const started: HeadlessRun[] = [];
    for (const l of loaded) {
      if (this.#runs.has(l.name)) continue;
      if ('error' in l) {
        this.#runs.set(l.name, {
          status: { name: l.name, gadget: '', params: {}, options: {}, createdAt: '', node: this.#node, state: 'failed', events: 0, lost: 0, resumed: 0, error: runErrorOf(l.error) },
        });
        continue;
      }
      const run = this.#start(l.saved.spec, l.saved.resumed + 1);
      started.push(run);
    }
    for (const run of started) {
      const begin = await run.begun;
      if (begin.started && run.state === 'running') this.#save(run);
      else if (!begin.started) {
        // keep it listed, failed, with its spec saved: the gadget may be installed again
        this.#runs.set(run.spec.name, { status: run.status() });
      }
    }
    return started.map((r) => r.status());
  }

  /** Stops every run, as an agent that stops does; their specs stay saved, so the next agent starts them again. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#runs.values()].map((r) => (r instanceof HeadlessRun ? r.stop() : undefined)));
  }
}

/** A stream of one message: an attach to a run that is not there. */
function oneMessage(message: RunMessage): RunStream {
  return {
    pause() {},
    resume() {},
    async *[Symbol.asyncIterator]() {
      yield message;
    },
  };
}
