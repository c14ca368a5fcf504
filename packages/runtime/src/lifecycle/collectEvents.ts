import type { GadgetDescriptor } from '@gadgetry/sdk';
import type { RunResult } from './GadgetRun.js';
import { runGadget, type RunOptions } from './runGadget.js';

export interface CollectOptions<E> extends RunOptions {
  /** Called once the gadget has started: the place to cause the events to observe. */
  onStarted?: () => unknown;
  /** Stops the run as soon as this returns true for the events so far. */
  until?: (events: E[]) => boolean;
}

export interface Collected<E> {
  events: E[];
  /** Batches flagged as whole tables (intervals, snapshots). */
  tables: E[][];
  result: RunResult;
  /** Results the gadget reported while running (a profile's histogram every interval); the one at the end is `result.result`. */
  results: unknown[];
  /** Log lines (level: message) the gadget and runtime emitted. */
  logs: string[];
}

/** Runs a gadget and gathers what it emits: for tests and scripts. */
export async function collectEvents<E = Record<string, unknown>>(
  descriptor: GadgetDescriptor,
  options: CollectOptions<E> = {},
): Promise<Collected<E>> {
  const run = runGadget<E>(descriptor, options);
  const events: E[] = [];
  const tables: E[][] = [];
  const logs: string[] = [];
  const results: unknown[] = [];
  let failure: unknown;
  run.on('log', (level, message) => logs.push(`${level}: ${message}`));
  run.on('result', (r) => results.push(r));
  run.on('events', (batch, info) => {
    events.push(...batch);
    if (info.table) tables.push(batch);
    if (options.until?.(events)) run.stop();
  });
  run.on('started', () => {
    Promise.resolve()
      .then(() => options.onStarted?.())
      .then(() => {
        if (options.until?.(events)) run.stop();
      })
      .catch((err: unknown) => {
        failure = err;
        run.stop();
      });
  });
  const result = await run.done;
  if (failure) throw failure;
  return { events, tables, result, results, logs };
}
