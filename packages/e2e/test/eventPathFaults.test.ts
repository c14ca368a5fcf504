import { closeSync, openSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Type, defineGadget, defineOperator, type OperatorDescriptor } from '@gadgetry/sdk';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { eventSourceGadget } from '@gadgetry/shapes';
import traceOpen, { type TraceOpenEvent } from '@gadgetry/gadget-trace_open';
import { runGadget, type GadgetRun, type RunResult } from '@gadgetry/runtime';
import { bpfObjectsLeft, newBpfObjects, ownFds, type OwnFd } from '../../native-bpf/test/ownKernelObjects.js';

// Fault injection on the real event path: trace_open's BPF object and ring
// buffer, with a fault placed in the reader's batch handler, an operator or
// the output. Each run must end as documented in the runtime README ("When
// the event path fails") and leave no kernel object behind.

const skip = kernelTestGate();
const OBJECT = join(dirname(createRequire(import.meta.url).resolve('@gadgetry/gadget-trace_open/package.json')), 'dist/program.bpf.o');
const schema = traceOpen.event;

/** trace_open's kernel side for this process only, with hooks for the faults. */
function faultyOpen(opts: { complete?: (e: TraceOpenEvent) => void; ringKb?: number }, log: string[]) {
  return defineGadget({
    name: 'faulty_open',
    description: 'trace_open with injected faults',
    category: 'trace',
    type: 'trace',
    params: Type.Object({}),
    event: schema,
    instantiate() {
      const inner = eventSourceGadget<{ pid: number[] }, TraceOpenEvent>({
        name: 'faulty_open',
        object: OBJECT,
        struct: 'event',
        schema,
        configure: () => ({
          globals: { failed_only: false },
          ...(opts.ringKb ? { mapSizes: { events: opts.ringKb * 1024 } } : {}),
        }),
        complete: (e) => opts.complete?.(e),
      });
      return {
        ...inner,
        // this process's opens only, through the common --pid filter
        init: (ctx) => inner.init({ ...ctx, params: { pid: [process.pid] } }),
        stop() {
          log.push('stop');
          inner.stop();
        },
        close() {
          log.push('close');
          inner.close();
        },
      };
    },
  });
}

const recordingOp = (log: string[], enrich?: () => void): OperatorDescriptor =>
  defineOperator({
    name: 'fault_op',
    description: 'records postGadgetRun; may throw on events',
    params: Type.Object({}),
    canOperateOn: () => true,
    instantiate: () => ({
      enrichEvent: enrich ? () => enrich() : undefined,
      postGadgetRun: () => void log.push('postGadgetRun'),
    }),
  });

/** Opens a missing file `count` times in a loop that never yields (the reader sees a full backlog). */
function openBurst(count: number, path: string): void {
  for (let i = 0; i < count; i++) {
    try {
      closeSync(openSync(path, 'r'));
    } catch {
      /* ENOENT */
    }
  }
}

const MISSING = `/tmp/gadgetry-faults-${process.pid}-absent`;

/** Runs `run` to its end, noting the BPF objects it held while running. */
async function observe(run: GadgetRun, during: () => void | Promise<void>) {
  const before = ownFds();
  let held: string[] = [];
  run.on('started', () => {
    held = newBpfObjects(before, ownFds());
    void Promise.resolve().then(during);
  });
  const result = await run.done;
  await new Promise((r) => setTimeout(r, 50)); // libuv closes poll handles on the next loop turn
  return { before, held, result, after: ownFds() };
}

function expectNoLeaks(o: { before: OwnFd[]; held: string[]; after: OwnFd[] }) {
  expect(o.held.length, 'the run held BPF programs and maps').toBeGreaterThan(0);
  expect(o.held.some((x) => x.startsWith('prog '))).toBe(true);
  expect(o.after).toEqual(o.before);
}

const uncaught: unknown[] = [];
const onUncaught = (err: unknown) => uncaught.push(err);
beforeAll(() => {
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
});
afterAll(() => {
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
});

describe.skipIf(skip)('fault injection on the event path (real ring buffer)', () => {
  it('a reader whose batch handler throws mid-batch fails the run cleanly and frees every kernel object', async () => {
    const log: string[] = [];
    let n = 0;
    const gadget = faultyOpen({ complete: () => {
      // the 600th record: in the middle of the third batch of 256
      if (++n === 600) throw new Error('cannot decode record 600');
    } }, log);
    const run = runGadget(gadget, { timeoutMs: 10_000, traceSelf: true });
    const o = await observe(run, () => openBurst(2000, MISSING));
    const r: RunResult = o.result;
    expect(r.reason).toBe('failed');
    expect(r.error?.code).toBe('GADGET_EVENT_FAILED');
    expect(r.error?.message).toBe('gadget "faulty_open" failed while producing events: cannot decode record 600');
    expect(log).toEqual(['stop', 'close']);
    // batches delivered before the faulty one reached the outputs; the faulty batch and later ones did not
    expect(r.events).toBeGreaterThan(0);
    expect(r.events).toBeLessThan(600);
    // what the reader drained after the failure (at stop) is discarded and counted, not delivered
    expect(r.lost.discarded).toBeGreaterThan(0);
    expect(r.events + r.lost.discarded).toBeGreaterThan(2000 - 256 * 2);
    expectNoLeaks(o);
    expect(await bpfObjectsLeft(o.held)).toEqual([]);
    expect(uncaught).toEqual([]);
  });

  it('an operator that throws once in 1,000 events fails the run naming it, after postGadgetRun and close', async () => {
    const log: string[] = [];
    let n = 0;
    const op = recordingOp(log, () => {
      if (++n % 1000 === 0) throw new Error(`lookup failed on event ${n}`);
    });
    const run = runGadget(faultyOpen({}, log), { operators: [op], timeoutMs: 10_000, traceSelf: true });
    const o = await observe(run, () => openBurst(3000, MISSING));
    expect(o.result.reason).toBe('failed');
    expect(o.result.error?.code).toBe('OPERATOR_FAILED');
    expect(o.result.error?.message).toBe('operator "fault_op" failed on an event of gadget "faulty_open": lookup failed on event 1000');
    expect(log).toEqual(['stop', 'postGadgetRun', 'close']);
    expect(o.result.events).toBeLessThan(1000);
    expectNoLeaks(o);
    expect(await bpfObjectsLeft(o.held)).toEqual([]);
    expect(uncaught).toEqual([]);
  });

  it('an output whose write fails (ENOSPC on /dev/full) fails the run cleanly, without an uncaught exception', async () => {
    const log: string[] = [];
    const full = openSync('/dev/full', 'w');
    try {
      const run = runGadget(faultyOpen({}, log), { operators: [recordingOp(log)], timeoutMs: 10_000, traceSelf: true });
      let writes = 0;
      run.on('events', (events) => {
        writes++;
        writeSync(full, `${events.length} events\n`);
      });
      const o = await observe(run, () => openBurst(500, MISSING));
      expect(writes).toBe(1);
      expect(o.result.reason).toBe('failed');
      expect(o.result.error?.code).toBe('OUTPUT_FAILED');
      expect(o.result.error?.message).toBe('cannot write the events of gadget "faulty_open": ENOSPC: no space left on device, write');
      expect(log).toEqual(['stop', 'postGadgetRun', 'close']);
      expectNoLeaks(o);
      expect(await bpfObjectsLeft(o.held)).toEqual([]);
      expect(uncaught).toEqual([]);
    } finally {
      closeSync(full);
    }
  });

  it('an iterator that stops consuming pauses the reader: the kernel drops and counts, nothing is dropped in user space', async () => {
    const log: string[] = [];
    // a 256 KiB ring buffer holds about a thousand open events
    const run = runGadget(faultyOpen({ ringKb: 256 }, log), { timeoutMs: 20_000, traceSelf: true });
    const iterator = run[Symbol.asyncIterator]();
    let paused = false;
    const o = await observe(run, async () => {
      for (let k = 0; k < 40; k++) {
        openBurst(500, MISSING);
        await new Promise((r) => setImmediate(r)); // let the reader drain between bursts
        paused ||= run.paused;
      }
      // now take a few events: the iterator is still far behind, so the run stays paused
      for (let i = 0; i < 10; i++) await iterator.next();
      paused &&= run.paused;
      run.stop();
    });
    expect(paused).toBe(true);
    expect(o.result.reason).toBe('stopped');
    expect(o.result.lost.kernel).toBeGreaterThan(0);
    expect(o.result.lost.queue).toBe(0);
    expect(o.result.events + o.result.lost.kernel).toBeGreaterThanOrEqual(20_000);
    let rest = 0;
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) rest++;
    expect(rest + 10).toBe(o.result.events);
    expect(o.result.events).toBeLessThan(20_000);
    expectNoLeaks(o);
    expect(await bpfObjectsLeft(o.held)).toEqual([]);
  });
});
