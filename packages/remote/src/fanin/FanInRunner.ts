import type { GadgetInfo, GadgetList, GadgetRunner, RunnerRunOptions, RunStream } from '@gadgetry/runtime';
import { GadgetryError } from '@gadgetry/errors';
import { FanInStream } from './FanInStream.js';
import { timestampFields, withNodeField } from './nodeField.js';
import { tableOrderOf } from './tableOrder.js';

/** A runner fan-in runs over: its name until its agent says its node (the address). */
export interface NamedRunner {
  name: string;
  runner: GadgetRunner;
}

/** Errors that mean "this node is not there", after which the next node is asked. */
const UNREACHABLE = new Set(['REMOTE_UNREACHABLE', 'REMOTE_NODE_LOST']);

/**
 * Several runners (agents) as one: `run` runs on every node and merges their
 * messages (FanInStream); `list` and `describe` ask the first node that
 * answers. Events gain a `node` field, shown first.
 */
export class FanInRunner implements GadgetRunner {
  /** Each gadget as its last describe presented it (node field included). */
  readonly #infos = new Map<string, GadgetInfo>();

  constructor(private readonly runners: NamedRunner[]) {
    if (runners.length === 0) throw new Error('FanInRunner needs at least one runner');
  }

  /** Asks nodes in order until one answers; an answer that is an error of the gadget itself (not found, bad params) is final. */
  async #first<T>(ask: (r: GadgetRunner) => Promise<T>): Promise<T> {
    let last: unknown;
    for (const { runner } of this.runners) {
      try {
        return await ask(runner);
      } catch (err) {
        if (!(err instanceof GadgetryError) || !UNREACHABLE.has(err.code)) throw err;
        last = err;
      }
    }
    throw last;
  }

  list(): Promise<GadgetList> {
    return this.#first((r) => r.list());
  }

  async describe(name: string, params?: Record<string, unknown>): Promise<GadgetInfo> {
    const info = await this.#first((r) => r.describe(name, params));
    const shown = withNodeField(info);
    this.#infos.set(name, shown);
    return shown;
  }

  run(name: string, params: Record<string, unknown>, options: RunnerRunOptions = {}): RunStream {
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    const sources = this.runners.map(({ name: n, runner }) => ({ name: n, stream: runner.run(name, params, { ...options, signal }) }));
    // known when the gadget was described first (as the CLI does); otherwise no timestamp is moved and no table re-sorted
    const info = this.#infos.get(name);
    return new FanInStream(sources, info ? timestampFields(info) : [], () => stop.abort(), tableOrderOf(info, params));
  }
}
