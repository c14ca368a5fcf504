import { describe, expect, it } from 'vitest';
import { Type, defineGadget, defineOperator, type EventFlow, type GadgetType } from '@gadgetry/sdk';
import { runGadget } from './runGadget.js';
import type { LostReport } from './GadgetRun.js';
import { noLostEvents } from './lostEvents.js';
import type { RunStats } from './RunStats.js';

/** LostEvents with these counts by reason, the rest zero. */
function lostBy(byReason: Partial<ReturnType<typeof noLostEvents>['byReason']>, where: Partial<Record<'kernel' | 'queue' | 'output' | 'discarded', number>>) {
  const lost = noLostEvents();
  Object.assign(lost.byReason, byReason);
  Object.assign(lost, where);
  lost.total = Object.values(lost.byReason).reduce((a, b) => a + b, 0);
  return lost;
}

const event = Type.Object({
  pid: Type.Integer({ kind: 'pid' }),
  comm: Type.String({ kind: 'comm' }),
});
type Ev = { pid: number; comm: string };

interface Probe {
  /** Lifecycle calls, in order. */
  log: string[];
  /** What the gadget saw of ctx.flow: each pause state it was told. */
  flowStates: boolean[];
  flow?: EventFlow;
}

/**
 * A pure-TypeScript gadget that emits `emit(...)`'s events from a timer
 * after start (as a real reader does), one by one or as one array.
 */
function emittingGadget(opts: { emit: () => unknown[]; array?: boolean; inStart?: boolean; type?: GadgetType }, probe: Probe) {
  return defineGadget({
    name: 'emitter',
    description: 'emits what the test gives it',
    category: 'trace',
    type: opts.type ?? 'trace',
    params: Type.Object({}),
    event,
    instantiate() {
      let one: ((e: Ev) => void) | undefined;
      let many: ((e: Ev[]) => void) | undefined;
      let timer: NodeJS.Timeout | undefined;
      const fire = () => {
        const events = opts.emit() as Ev[];
        if (many) many(events);
        else for (const e of events) one!(e);
      };
      const base = {
        init(ctx: { flow?: EventFlow }) {
          probe.log.push('init');
          probe.flow = ctx.flow;
          ctx.flow?.onChange((p) => probe.flowStates.push(p));
        },
        start() {
          probe.log.push('start');
          if (opts.inStart) fire();
          else timer = setTimeout(fire, 5);
        },
        stop() {
          probe.log.push('stop');
          clearTimeout(timer);
        },
        close() {
          probe.log.push('close');
        },
      };
      return opts.array ? { ...base, setEventHandlerArray: (h: (e: Ev[]) => void) => void (many = h) } : { ...base, setEventHandler: (h: (e: Ev) => void) => void (one = h) };
    },
  });
}

const newProbe = (): Probe => ({ log: [], flowStates: [] });
const ok = (pid: number): Ev => ({ pid, comm: `c${pid}` });

describe('events that break the schema', () => {
  it('drops events that are not objects, counts them and warns once', async () => {
    const probe = newProbe();
    const run = runGadget(emittingGadget({ emit: () => [null, ok(1), 42, 'text', [ok(2)], ok(3)] }, probe), { timeoutMs: 100 });
    const seen: unknown[] = [];
    const warnings: string[] = [];
    run.on('events', (events) => seen.push(...events));
    run.on('log', (level, m) => level === 'warn' && warnings.push(m));
    const result = await run.done;
    expect(result.reason).toBe('timeout');
    expect(seen).toEqual([ok(1), ok(3)]);
    expect(result.invalid).toEqual({ notObject: 4, mismatched: 0 });
    expect(warnings).toEqual(['gadget "emitter" emitted an event that is not an object (null); such events are dropped and counted']);
  });

  it('counts a batch that is not an array like a non-object event', async () => {
    const probe = newProbe();
    const gadget = emittingGadget({ emit: () => null as unknown as unknown[], array: true }, probe);
    const result = await runGadget(gadget, { timeoutMs: 100 }).done;
    expect(result.reason).toBe('timeout');
    expect(result.invalid.notObject).toBe(1);
  });

  it('passes on events that do not match the schema, counts them and warns once naming the first problem', async () => {
    const probe = newProbe();
    const run = runGadget(emittingGadget({ emit: () => [ok(1), { pid: 'abc', comm: 'x' }, { pid: 2 }, { pid: 3.5, comm: 'y' }] }, probe), { timeoutMs: 100 });
    const warnings: string[] = [];
    run.on('log', (level, m) => level === 'warn' && warnings.push(m));
    const result = await run.done;
    expect(result.events).toBe(4);
    expect(result.invalid).toEqual({ notObject: 0, mismatched: 3 });
    expect(warnings).toEqual([
      'an event of gadget "emitter" does not match its event schema (field "pid": expected integer, got "abc"); ' +
        'such events are counted and passed on (--strict fails the run instead)',
    ]);
  });

  it('with strict, fails the run on the first mismatching event, naming the field and the problem', async () => {
    const probe = newProbe();
    const run = runGadget(emittingGadget({ emit: () => [ok(1), { pid: 2 }, ok(3)] }, probe), { strict: true, timeoutMs: 5000 });
    const seen: unknown[] = [];
    run.on('events', (events) => seen.push(...events));
    const result = await run.done;
    expect(result.reason).toBe('failed');
    expect(result.error?.code).toBe('EVENT_SCHEMA_MISMATCH');
    expect(result.error?.message).toBe('an event of gadget "emitter" does not match its event schema: field "comm" is missing');
    expect(probe.log).toEqual(['init', 'start', 'stop', 'close']);
    // what came before the bad event is still delivered; nothing after it
    expect(seen).toEqual([ok(1)]);
  });
});

describe('failures on the event path end the run cleanly', () => {
  it('a throwing events listener (a broken output) fails the run with OUTPUT_FAILED; stop, postGadgetRun and close run', async () => {
    const probe = newProbe();
    const post: string[] = [];
    const op = defineOperator({
      name: 'watcher',
      description: 'records postGadgetRun',
      params: Type.Object({}),
      canOperateOn: () => true,
      instantiate: () => ({ postGadgetRun: () => void post.push('postGadgetRun') }),
    });
    const run = runGadget(emittingGadget({ emit: () => [ok(1), ok(2)] }, probe), { operators: [op], timeoutMs: 5000 });
    run.on('events', () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    const result = await run.done;
    expect(result.reason).toBe('failed');
    expect(result.error?.code).toBe('OUTPUT_FAILED');
    expect(result.error?.message).toBe('cannot write the events of gadget "emitter": ENOSPC: no space left on device, write');
    expect(probe.log).toEqual(['init', 'start', 'stop', 'close']);
    expect(post).toEqual(['postGadgetRun']);
  });

  it('a listener failing on events emitted inside start() fails the run without calling run()', async () => {
    const probe = newProbe();
    const run = runGadget(emittingGadget({ emit: () => [ok(1)], inStart: true, type: 'run' }, probe));
    run.on('events', () => {
      throw new Error('broken pipe');
    });
    const result = await run.done;
    expect(result.error?.code).toBe('OUTPUT_FAILED');
    expect(probe.log).toEqual(['init', 'start', 'stop', 'close']);
  });

  it('an operator enricher that throws fails the run naming the operator', async () => {
    const probe = newProbe();
    let n = 0;
    const op = defineOperator({
      name: 'flaky',
      description: 'throws on the third event',
      params: Type.Object({}),
      canOperateOn: () => true,
      instantiate: () => ({
        enrichEvent() {
          if (++n === 3) throw new Error('lookup failed');
        },
      }),
    });
    const result = await runGadget(emittingGadget({ emit: () => [ok(1), ok(2), ok(3), ok(4)] }, probe), { operators: [op], timeoutMs: 5000 }).done;
    expect(result.error?.code).toBe('OPERATOR_FAILED');
    expect(result.error?.message).toBe('operator "flaky" failed on an event of gadget "emitter": lookup failed');
    expect(probe.log.slice(-2)).toEqual(['stop', 'close']);
  });

  it('a gadget whose reader breaks reports it through ctx.flow.fail: the run fails cleanly, once', async () => {
    const probe = newProbe();
    const gadget = emittingGadget({ emit: () => [] }, probe);
    const run = runGadget(gadget, { timeoutMs: 5000 });
    run.on('started', () => {
      probe.flow!.fail(new Error('decoder: record too short'));
      probe.flow!.fail(new Error('second failure is ignored'));
    });
    const result = await run.done;
    expect(result.error?.code).toBe('GADGET_EVENT_FAILED');
    expect(result.error?.message).toBe('gadget "emitter" failed while producing events: decoder: record too short');
    expect(result.cleanupErrors).toEqual([]);
    expect(probe.log).toEqual(['init', 'start', 'stop', 'close']);
  });

  it('a library user can fail the run from a consumer with run.fail()', async () => {
    const probe = newProbe();
    const run = runGadget(emittingGadget({ emit: () => [] }, probe), { timeoutMs: 5000 });
    run.on('started', () => run.fail(new Error('socket closed')));
    const result = await run.done;
    expect(result.error?.message).toBe('cannot write the events of gadget "emitter": socket closed');
    expect(probe.log).toEqual(['init', 'start', 'stop', 'close']);
  });
});

describe('failures from consumers', () => {
  it('run.fail() called right after runGadget() still fails the run', async () => {
    const probe = newProbe();
    const run = runGadget(emittingGadget({ emit: () => [] }, probe), { timeoutMs: 5000 });
    run.fail(new Error('no place to write'));
    const result = await run.done;
    expect(result.error?.code).toBe('OUTPUT_FAILED');
    expect(probe.log).toEqual(['init', 'start', 'stop', 'close']);
  });

  it('a throwing lost listener fails the run instead of throwing into the gadget', async () => {
    const probe = newProbe();
    const run = runGadget(emittingGadget({ emit: () => [] }, probe), { timeoutMs: 5000 });
    run.on('lost', () => {
      throw new Error('metrics sink down');
    });
    let thrown: unknown;
    run.on('started', () => {
      try {
        probe.flow!.lost(7, 'ring_full');
      } catch (err) {
        thrown = err;
      }
    });
    const result = await run.done;
    expect(thrown).toBeUndefined();
    expect(result.error?.message).toBe('cannot write the events of gadget "emitter": metrics sink down');
    expect(result.lost.kernel).toBe(7);
  });
});

describe('flow control and lost events', () => {
  it('pause() and resume() reach the gadget through ctx.flow; lost reports carry their reason, are counted, emitted and logged', async () => {
    const probe = newProbe();
    const run = runGadget(emittingGadget({ emit: () => [] }, probe), { timeoutMs: 5000 });
    const reports: LostReport[] = [];
    const warnings: string[] = [];
    run.on('lost', (r) => reports.push(r));
    run.on('log', (level, m) => level === 'warn' && warnings.push(m));
    run.on('started', () => {
      run.pause();
      run.pause();
      expect(run.paused).toBe(true);
      expect(probe.flow!.paused).toBe(true);
      probe.flow!.lost(120, 'paused');
      run.resume();
      probe.flow!.lost(3, 'ring_full', 'the ring buffer was full; raise --buffer-kb');
      probe.flow!.lost(2, 'pending_full');
      run.stop();
    });
    const result = await run.done;
    expect(probe.flowStates).toEqual([true, false]);
    expect(result.lost).toEqual(lostBy({ paused: 120, ring_full: 3, pending_full: 2 }, { kernel: 125 }));
    expect(result.stats.lost).toEqual(result.lost);
    expect(reports).toEqual([
      { count: 120, reason: 'paused', where: 'kernel', message: 'the ring buffer was full while reading was paused (the output could not keep up)' },
      { count: 3, reason: 'ring_full', where: 'kernel', message: 'the ring buffer was full; raise --buffer-kb' },
      { count: 2, reason: 'pending_full', where: 'kernel', message: 'too many calls in flight (pending table full)' },
    ]);
    expect(warnings).toEqual([
      '120 events lost: the ring buffer was full while reading was paused (the output could not keep up)',
      '3 events lost: the ring buffer was full; raise --buffer-kb',
      '2 events lost: too many calls in flight (pending table full)',
    ]);
  });

  it("counts a gadget's loss with a reason it cannot give (an older gadget's free text) as gadget_lost, in its words", async () => {
    const probe = newProbe();
    const run = runGadget(emittingGadget({ emit: () => [] }, probe), { timeoutMs: 5000 });
    const reports: LostReport[] = [];
    run.on('lost', (r) => reports.push(r));
    run.on('started', () => {
      const untyped = probe.flow!.lost as (count: unknown, reason: unknown, detail?: unknown) => void;
      untyped(4, 'the sensor buffer overflowed\u001b[2J\nsecond line');
      untyped(5, 'queue_full'); // not the gadget's to report: it is the runtime's queue
      untyped(-1, 'ring_full');
      untyped(Number.NaN, 'ring_full');
      untyped('6', 'ring_full');
      run.stop();
    });
    const result = await run.done;
    expect(reports).toEqual([
      { count: 4, reason: 'gadget_lost', where: 'kernel', message: 'the sensor buffer overflowed\\x1b[2J' },
      { count: 5, reason: 'gadget_lost', where: 'kernel', message: 'queue_full' },
      { count: 6, reason: 'ring_full', where: 'kernel', message: 'the ring buffer was full' },
    ]);
    expect(result.lost).toEqual(lostBy({ gadget_lost: 9, ring_full: 6 }, { kernel: 15 }));
  });

  it('an async iterator that falls behind pauses the gadget, drops what is beyond its cap and counts it', async () => {
    const probe = newProbe();
    const total = 70_000;
    const gadget = emittingGadget({ emit: () => Array.from({ length: total }, (_, i) => ok(i)), array: true }, probe);
    const run = runGadget(gadget, { timeoutMs: 200 });
    const iterator = run[Symbol.asyncIterator]();
    await run.done;
    expect(probe.flowStates).toEqual([true]);
    let got = 0;
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) got++;
    expect(got).toBe(65_536);
    expect(probe.flowStates).toEqual([true, false]);
    const result = await run.done;
    expect(result.lost).toEqual(lostBy({ queue_full: total - 65_536 }, { queue: total - 65_536 }));
  });

  it('reports the iterator\'s drops once, as queue_full', async () => {
    const probe = newProbe();
    const total = 70_000;
    const run = runGadget(emittingGadget({ emit: () => Array.from({ length: total }, (_, i) => ok(i)), array: true }, probe), { timeoutMs: 200 });
    const reports: LostReport[] = [];
    run.on('lost', (r) => reports.push(r));
    run[Symbol.asyncIterator]();
    await run.done;
    expect(reports).toEqual([{ count: total - 65_536, reason: 'queue_full', where: 'queue', message: 'the async iterator fell more than 65536 events behind' }]);
  });
});

describe('the stats message', () => {
  it('comes once at the end, before done, with events, losses by reason, invalid events by kind, duration and rate', async () => {
    const probe = newProbe();
    const events = [ok(1), ok(2), ok(3), 'not an event', { pid: 'x', comm: 'y' }];
    const run = runGadget(emittingGadget({ emit: () => events }, probe), { timeoutMs: 300 });
    const order: string[] = [];
    const stats: RunStats[] = [];
    run.on('started', () => probe.flow!.lost(10, 'ring_full'));
    run.on('stats', (s) => (stats.push(s), order.push('stats')));
    run.on('done', () => order.push('done'));
    const result = await run.done;
    expect(order).toEqual(['stats', 'done']);
    expect(stats).toEqual([result.stats]);
    const s = result.stats;
    expect(s).toMatchObject({ gadget: 'emitter', ended: 'timeout', events: 4, invalid: { notObject: 1, mismatched: 1 } });
    expect(s.lost).toEqual(lostBy({ ring_full: 10 }, { kernel: 10 }));
    // from start() to the timeout (which counts from the run's beginning), not the stop and close after it
    expect(s.durationMs).toBeGreaterThan(200);
    expect(s.durationMs).toBeLessThan(400);
    expect(s.eventsPerSecond).toBe(Math.round((4 * 10_000) / s.durationMs) / 10);
  });

  it('a failed run has stats too, with the events that came after the failure counted as discarded', async () => {
    const gadget = defineGadget({
      name: 'breaks',
      description: 'fails its own event path, then emits more',
      category: 'trace',
      type: 'trace',
      params: Type.Object({}),
      event,
      instantiate() {
        let one: (e: Ev) => void = () => {};
        let flow: EventFlow | undefined;
        return {
          init: (ctx) => void (flow = ctx.flow),
          setEventHandler: (h) => void (one = h),
          start() {
            one(ok(1));
            flow!.fail(new Error('reader broke'));
            one(ok(2));
            one(ok(3));
          },
        };
      },
    });
    const result = await runGadget(gadget, { timeoutMs: 5000 }).done;
    expect(result.error?.code).toBe('GADGET_EVENT_FAILED');
    expect(result.stats).toMatchObject({ ended: 'failed', events: 1 });
    expect(result.stats.lost).toEqual(lostBy({ discarded: 2 }, { discarded: 2 }));
  });
});
