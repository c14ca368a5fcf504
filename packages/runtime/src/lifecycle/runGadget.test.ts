import { describe, expect, it } from 'vitest';
import type { LifecycleStep } from '@gadgetry/sdk';
import { runGadget } from './runGadget.js';
import { GadgetStepError } from '../errors.js';
import { recordingGadget, recordingOperator } from '../../test/fixtures/recordingGadget.js';

const FULL: LifecycleStep[] = [
  'instantiate',
  'init',
  'operators.instantiate',
  'setEventHandler',
  'setEventEnricher',
  'operators.preGadgetRun',
  'start',
  'stop',
  'operators.postGadgetRun',
  'close',
  'result',
];

/** What must have run when `failed` throws: everything before it, then the cleanup that applies. */
function expectedAfterThrow(order: LifecycleStep[], failed: LifecycleStep): LifecycleStep[] {
  const i = order.indexOf(failed);
  const done = order.slice(0, i + 1);
  const cleanup: LifecycleStep[] = [];
  const reached = (s: LifecycleStep) => done.includes(s);
  if (reached('start') && failed !== 'stop') cleanup.push('stop');
  if (reached('operators.preGadgetRun') && !reached('operators.postGadgetRun')) cleanup.push('operators.postGadgetRun');
  if (reached('init') && failed !== 'close') cleanup.push('close');
  return [...done, ...cleanup.filter((s) => order.indexOf(s) > i)];
}

describe('runGadget lifecycle order', () => {
  it('drives a trace gadget in the documented order and waits for the timeout', async () => {
    const log: string[] = [];
    const began = Date.now();
    const run = runGadget(recordingGadget({ type: 'trace', log }), { operators: [recordingOperator(log)], timeoutMs: 150 });
    const result = await run.done;
    expect(log).toEqual(FULL);
    expect(result.reason).toBe('timeout');
    expect(Date.now() - began).toBeGreaterThanOrEqual(140);
    expect(result.result).toEqual({ emitted: 2 });
  });

  it('stops a one-shot gadget right after start, with no timeout', async () => {
    const log: string[] = [];
    const result = await runGadget(recordingGadget({ type: 'one-shot', log }), { operators: [recordingOperator(log)] }).done;
    expect(log).toEqual(FULL);
    expect(result.reason).toBe('completed');
  });

  it('calls run() for run gadgets and ends when it returns', async () => {
    const log: string[] = [];
    const result = await runGadget(recordingGadget({ type: 'run', log }), { operators: [recordingOperator(log)] }).done;
    expect(log).toEqual([...FULL.slice(0, 7), 'run', ...FULL.slice(7)]);
    expect(result.reason).toBe('completed');
  });

  it('uses setEventHandlerArray for interval gadgets and delivers each batch as a table', async () => {
    const log: string[] = [];
    const run = runGadget(recordingGadget({ type: 'trace-intervals', delivery: 'array', log }), { timeoutMs: 50 });
    const tables: unknown[][] = [];
    run.on('events', (events, info) => info.table && tables.push(events));
    await run.done;
    expect(log).toEqual(FULL.filter((s) => !s.startsWith('operators')).map((s) => (s === 'setEventHandler' ? 'setEventHandlerArray' : s)));
    expect(tables).toHaveLength(1);
    expect(tables[0]).toHaveLength(2);
  });

  it('ends on the caller\'s AbortSignal', async () => {
    const log: string[] = [];
    const ac = new AbortController();
    const run = runGadget(recordingGadget({ type: 'profile', log }), { signal: ac.signal });
    setTimeout(() => ac.abort(), 30);
    const result = await run.done;
    expect(result.reason).toBe('aborted');
    expect(log.at(-1)).toBe('result');
  });

  it('ends on stop() (what the CLI calls on SIGINT/SIGTERM)', async () => {
    const log: string[] = [];
    const run = runGadget(recordingGadget({ type: 'trace', log }), {});
    run.on('started', () => run.stop());
    const result = await run.done;
    expect(result.reason).toBe('stopped');
    expect(log).toContain('stop');
  });
});

describe('runGadget cleanup when a step throws', () => {
  for (const failed of FULL) {
    it(`still runs the cleanup steps after a throw in ${failed}`, async () => {
      const log: string[] = [];
      const run = runGadget(recordingGadget({ type: 'trace', log, throwAt: failed }), {
        operators: [recordingOperator(log, failed)],
        timeoutMs: 20,
      });
      const result = await run.done;
      expect(log).toEqual(expectedAfterThrow(FULL, failed));
      expect(result.reason).toBe('failed');
      expect(result.error).toBeInstanceOf(GadgetStepError);
      expect((result.error as GadgetStepError).step).toBe(failed);
      expect(result.error!.message).toBe(`gadget "rec_trace" failed in ${failed}: boom in ${failed}`);
    });
  }
});

describe('runGadget params and events', () => {
  it('rejects bad params before instantiating anything', async () => {
    const log: string[] = [];
    const result = await runGadget(recordingGadget({ type: 'trace', log }), { params: { count: '0' } }).done;
    expect(log).toEqual([]);
    expect(result.error?.code).toBe('PARAM_INVALID');
    expect(result.error?.message).toContain('--count');
  });

  it('passes events through operator enrichers and the async iterator', async () => {
    const log: string[] = [];
    const run = runGadget<Record<string, unknown>>(recordingGadget({ type: 'trace', log }), {
      params: { count: '3', tag: 'hello' },
      operators: [recordingOperator(log)],
      timeoutMs: 30,
    });
    const seen: Record<string, unknown>[] = [];
    for await (const e of run) seen.push(e);
    expect(seen.map((e) => e.pid)).toEqual([100, 101, 102]);
    expect(seen.every((e) => e.taggerTag === 'hello')).toBe(true);
  });

  it('orders operators by their dependencies', async () => {
    const order: string[] = [];
    const log: string[] = [];
    const mk = (name: string, deps: string[]) => {
      const op = recordingOperator(log, undefined, name, deps);
      return { ...op, instantiate: (...a: Parameters<typeof op.instantiate>) => (order.push(name), op.instantiate(...a)) };
    };
    await runGadget(recordingGadget({ type: 'one-shot', log }), { operators: [mk('c', ['b']), mk('a', []), mk('b', ['a'])] }).done;
    expect(order).toEqual(['a', 'b', 'c']);
  });
});
