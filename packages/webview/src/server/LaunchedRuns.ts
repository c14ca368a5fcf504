import { randomBytes } from 'node:crypto';
import type { GadgetInfo, GadgetRunner } from '@gadgetry/runtime';
import { RunBroadcast } from './RunBroadcast.js';

/** Runs going at once from one launcher; one more is refused. */
export const MAX_LIVE_RUNS = 8;
/** Runs remembered (ended ones included) for tabs that open them late. */
const KEPT_RUNS = 32;
const STATS_INTERVAL_MS = 1000;

export interface LaunchedRun {
  id: string;
  gadget: string;
  info: GadgetInfo;
  broadcast: RunBroadcast;
  controller: AbortController;
  ended: boolean;
}

/** The runs `gadgetry ui` started, by id, each read into its own broadcast. */
export class LaunchedRuns {
  readonly #runner: GadgetRunner;
  readonly #runs = new Map<string, LaunchedRun>();

  constructor(runner: GadgetRunner) {
    this.#runner = runner;
  }

  get(id: string): LaunchedRun | undefined {
    return this.#runs.get(id);
  }

  list(): { id: string; gadget: string; ended: boolean }[] {
    return [...this.#runs.values()].map(({ id, gadget, ended }) => ({ id, gadget, ended }));
  }

  /** Describes the gadget with these params (throws what describe throws: unknown gadget, bad params), then starts it. */
  async start(gadget: string, params: Record<string, string>): Promise<LaunchedRun> {
    const live = [...this.#runs.values()].filter((r) => !r.ended).length;
    if (live >= MAX_LIVE_RUNS) throw new Error(`${live} runs are going; stop one first`);
    const info = await this.#runner.describe(gadget, params);
    const controller = new AbortController();
    const run: LaunchedRun = { id: randomBytes(6).toString('hex'), gadget, info, broadcast: new RunBroadcast(), controller, ended: false };
    this.#runs.set(run.id, run);
    this.#forget();
    const stream = this.#runner.run(gadget, params, { signal: controller.signal, stats: true, statsIntervalMs: STATS_INTERVAL_MS });
    void (async () => {
      try {
        for await (const message of stream) run.broadcast.observe(message);
      } finally {
        run.ended = true;
        run.broadcast.end();
      }
    })();
    return run;
  }

  stop(id: string): boolean {
    const run = this.#runs.get(id);
    if (!run) return false;
    run.controller.abort();
    return true;
  }

  /** Stops every run; resolves once each has ended. */
  async stopAll(): Promise<void> {
    for (const run of this.#runs.values()) run.controller.abort();
    const end = Date.now() + 10_000;
    while ([...this.#runs.values()].some((r) => !r.ended) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  }

  #forget(): void {
    for (const [id, run] of this.#runs) {
      if (this.#runs.size <= KEPT_RUNS) return;
      if (run.ended) this.#runs.delete(id);
    }
  }
}
