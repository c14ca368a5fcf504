import { randomUUID } from 'node:crypto';
import type {
  GadgetContext,
  GadgetDescriptor,
  GadgetInstance,
  LifecycleStep,
  OperatorDescriptor,
  OperatorInstance,
} from '@gadgetry/sdk';
import { GadgetStepError, GadgetryError } from '../errors.js';
import type { KindContext } from '@gadgetry/kinds';
import { operatorRun, runFieldsOf, runOperators } from '../operators/runFieldsOf.js';
import { hostKindContext } from '../kinds/hostKindContext.js';
import { EventCheck } from '../pipeline/EventCheck.js';
import { FilledFieldsCheck, type PromisedField } from '../pipeline/FilledFieldsCheck.js';
import { EventPathError } from '../pipeline/EventPathError.js';
import { EventPipeline, type GadgetEvent } from '../pipeline/EventPipeline.js';
import { resolveRunParams } from '../params/resolveRunParams.js';
import { checkTimeoutMs } from '../params/timerLimits.js';
import { GadgetRun, type LogLevel, type RunResult, type StopReason } from './GadgetRun.js';
import { runStats } from './RunStats.js';
import { CostReporter } from './costReporter.js';
import type { RunCost } from './runCost.js';
import { StartupClock, startupText, type StartupTiming } from './startupPhases.js';

export interface RunOptions {
  /** Gadget and operator params, raw (CLI strings) or typed, keyed by flag or key. */
  params?: Record<string, unknown>;
  /** Operators to offer the gadget; those whose canOperateOn() is false are left out. */
  operators?: OperatorDescriptor[];
  /** Stop after this many milliseconds (0 or absent: until stopped). */
  timeoutMs?: number;
  /** Stops the run when aborted. */
  signal?: AbortSignal;
  /** Let the gadget report this process (the runtime) too; by default it is left out. */
  traceSelf?: boolean;
  /**
   * Fail the run on the first event that does not match the gadget's event
   * schema, naming the field and the problem, or that lacks a field the gadget
   * computes or an operator declares. Default: such events are counted
   * (RunResult.invalid.mismatched), passed on, and warned about once; a
   * missing field fails the run under GADGETRY_STRICT=1 too (tests, CI).
   */
  strict?: boolean;
  /** How fields of formatting kinds read (timestamps, names) for operators such as the filter; defaults to this machine's. */
  kinds?: KindContext;
  /**
   * Report what the run costs (RunStats.cost): its BPF programs' runs and run
   * time (the kernel counts them for the run), its maps' memory, the
   * runtime's CPU and memory.
   */
  stats?: boolean;
  /** Also emit `stats` every this many ms while the run runs (implies `stats`). */
  statsIntervalMs?: number;
}

const isGadgetryError = (e: unknown): e is GadgetryError => e instanceof GadgetryError;

function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  // A run in progress keeps the process alive even when the gadget holds no handle of its own.
  const keepAlive = setInterval(() => {}, 1 << 30);
  return new Promise((resolve) =>
    signal.addEventListener(
      'abort',
      () => {
        clearInterval(keepAlive);
        resolve();
      },
      { once: true },
    ),
  );
}

/**
 * Runs a gadget through the lifecycle, in this order: instantiate, init,
 * operators.instantiate, set handlers, operators.preGadgetRun, start, run,
 * wait (not for one-shot), stop, operators.postGadgetRun, close, result.
 * A throw in any step ends the run; stop, postGadgetRun and close still run
 * for what was started. Params are validated before anything is instantiated.
 */
export function runGadget<E = GadgetEvent>(descriptor: GadgetDescriptor, options: RunOptions = {}): GadgetRun<E> {
  checkTimeoutMs(options.timeoutMs); // before anything starts: a bad value must not overflow the timer
  if (options.statsIntervalMs !== undefined) checkTimeoutMs(options.statsIntervalMs);
  const controller = new AbortController();
  const run = new GadgetRun<E>(descriptor.name, controller);
  // Drive on the next tick so callers can attach listeners first.
  queueMicrotask(() => void drive(descriptor, options, controller, run));
  return run;
}

async function drive<E>(
  descriptor: GadgetDescriptor,
  options: RunOptions,
  controller: AbortController,
  run: GadgetRun<E>,
): Promise<void> {
  const name = descriptor.name;
  const signal = controller.signal;
  const log = (level: LogLevel, message: string) => run.emit('log', level, message);
  let reason: StopReason = 'completed';
  let failure: GadgetryError | undefined;
  const cleanupErrors: GadgetryError[] = [];
  let gadgetResult: unknown;
  const wantStats = options.stats === true || options.statsIntervalMs !== undefined;
  const costs = wantStats ? new CostReporter(name, (m) => log('warn', m)) : undefined;
  let finalCost: RunCost | undefined;
  let pipeline: EventPipeline | undefined;
  let check: EventCheck | undefined;

  const onCallerAbort = () => controller.abort('aborted');
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  if (options.signal?.aborted) controller.abort('aborted');
  const timer = options.timeoutMs ? setTimeout(() => controller.abort('timeout'), options.timeoutMs) : undefined;

  const step = async (s: LifecycleStep, fn: () => unknown): Promise<unknown> => {
    log('debug', `${name}: ${s}`);
    try {
      return await fn();
    } catch (err) {
      throw new GadgetStepError(name, s, err);
    }
  };
  // A failure on the event path (or a consumer's fail()) ends the run like a failed step.
  const failRun = (err: GadgetryError) => {
    if (failure) return;
    failure = err;
    // No more events reach the outputs once the run has failed.
    pipeline?.halt();
    log('debug', `${name}: event path failed: ${err.message}`);
    if (!signal.aborted) controller.abort('failed');
  };
  run.bindFailure(failRun);
  run.flow.onChange((paused) => log('debug', `${name}: ${paused ? 'paused: consumers are behind' : 'resumed'}`));
  const cleanup = async (s: LifecycleStep, fn: () => unknown) => {
    try {
      await step(s, fn);
    } catch (err) {
      const e = err as GadgetryError;
      if (failure) cleanupErrors.push(e);
      else failure = e;
    }
  };

  let gadget: GadgetInstance | undefined;
  let started = false;
  // from the process's start (the gadgetry command) or this call, to the programs attached
  const startup = new StartupClock();
  let startupTiming: StartupTiming | undefined;
  /** When the gadget was started, and when the run began to stop: the span its stats cover. */
  let ranFrom: number | undefined;
  let ranUntil: number | undefined;
  const preRan: OperatorInstance[] = [];
  try {
    const { gadgetParams, operatorParams, operators } = resolveRunParams(descriptor, runOperators(descriptor, options.operators ?? []), options.params ?? {});
    // the run's fields, computed once from the gadget's event and the operators' declared fields
    const fields = runFieldsOf(descriptor, operators, options.kinds ?? hostKindContext());
    const runInfo = operatorRun(fields, operators);
    const ctx: GadgetContext = {
      id: randomUUID(),
      gadgetName: name,
      signal,
      params: gadgetParams,
      timeoutMs: options.timeoutMs ?? 0,
      traceSelf: options.traceSelf === true,
      stats: wantStats,
      logger: {
        debug: (m) => log('debug', m),
        info: (m) => log('info', m),
        warn: (m) => log('warn', m),
        error: (m) => log('error', m),
      },
      flow: {
        get paused() {
          return run.flow.paused;
        },
        onChange: (listener) => run.flow.onChange(listener),
        lost: (count, reason, detail) => run.countGadgetLoss(count, reason, detail),
        fail: (err) => failRun(EventPathError.gadget(name, err)),
      },
    };
    gadget = (await step('instantiate', () => descriptor.instantiate())) as GadgetInstance;
    try {
      await step('init', () => gadget!.init(ctx));
      const instances: OperatorInstance[] = [];
      for (const op of operators) {
        instances.push(
          (await step('operators.instantiate', () =>
            op.instantiate(ctx, gadget!, operatorParams.get(op.name) ?? {}, descriptor, runInfo),
          )) as OperatorInstance,
        );
      }
      check = new EventCheck(name, descriptor.event, options.strict ?? false, (m) => log('warn', m));
      const promised: PromisedField[] = fields
        .filter((f) => f.form !== 'raw' && (f.addedBy !== undefined || f.computed === true))
        .map((f) => (f.addedBy !== undefined ? { name: f.source, operator: f.addedBy } : { name: f.source }));
      const strictFields = options.strict === true || process.env.GADGETRY_STRICT === '1';
      const p = new EventPipeline({
        gadget: name,
        operators: instances.map((instance, i) => ({ name: operators[i]!.name, instance })),
        check,
        filled: new FilledFieldsCheck(name, promised, strictFields, (m) => log('warn', m)),
        onError: failRun,
        onDiscard: (n) => run.countDiscarded(n),
        collectAll: descriptor.type === 'one-shot',
        trackEnriched: typeof gadget.setEventEnricher === 'function',
        sink: (events, info) => run.deliver(events as E[], info),
      });
      pipeline = p;
      const g = gadget;
      if (g.setEventHandler) await step('setEventHandler', () => g.setEventHandler!((e) => p.push(e as GadgetEvent)));
      if (g.setEventHandlerArray) {
        const table = descriptor.type === 'trace-intervals';
        await step('setEventHandlerArray', () => g.setEventHandlerArray!((es) => p.pushArray(es as GadgetEvent[], table)));
      }
      if (g.setEventEnricher) await step('setEventEnricher', () => g.setEventEnricher!((e) => void p.enrich(e as GadgetEvent)));
      // results before the end stop with the run: none reaches the outputs once it failed
      if (g.setResultHandler) await step('setResultHandler', () => g.setResultHandler!((r) => void (failure || run.deliverResult(r))));
      for (const inst of instances) {
        preRan.push(inst);
        if (inst.preGadgetRun) await step('operators.preGadgetRun', () => inst.preGadgetRun!());
      }
      started = true;
      ranFrom = performance.now();
      startup.phase('setup', ranFrom);
      if (g.start) await step('start', () => g.start!());
      startup.startDone(ranFrom);
      startupTiming = startup.timing();
      log('debug', `${name}: startup: ${startupText(startupTiming)}`);
      log('debug', `${name}: started`);
      run.emit('started');
      if (costs && options.statsIntervalMs) {
        costs.every(options.statsIntervalMs, () => {
          if (failure || ranFrom === undefined) return;
          const events = pipeline?.count ?? 0;
          const now = runStats(name, 'running', events, run.lost, check ? { ...check.invalid } : { notObject: 0, mismatched: 0 }, performance.now() - ranFrom, costs.read(g, events));
          run.emitStats(now);
        });
      }
      if (g.run && !signal.aborted) await step('run', () => g.run!());
      if (descriptor.type !== 'one-shot' && !g.run) await waitForAbort(signal);
    } catch (err) {
      const e = isGadgetryError(err) ? err : new GadgetStepError(name, 'run', err);
      // A step that throws after the event path failed is a consequence of it.
      if (failure) cleanupErrors.push(e);
      else failure = e;
    }
    if (ranFrom !== undefined) ranUntil = performance.now();
    costs?.stop();
    if (!signal.aborted) controller.abort(failure ? 'failed' : 'completed');
    if (started && gadget.stop) await cleanup('stop', () => gadget!.stop!());
    pipeline?.end();
    for (const inst of preRan.reverse()) {
      if (inst.postGadgetRun) await cleanup('operators.postGadgetRun', () => inst.postGadgetRun!());
    }
    // the last reading, while the objects are still loaded
    if (costs && started) finalCost = costs.read(gadget, pipeline?.count ?? 0);
    if (gadget.close) await cleanup('close', () => gadget!.close!());
    if (!failure && gadget.result) gadgetResult = await step('result', () => gadget!.result!());
  } catch (err) {
    // instantiate, param validation or result failed: nothing left to clean up
    failure ??= isGadgetryError(err) ? err : new GadgetStepError(name, 'result', err);
  } finally {
    costs?.stop();
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
  if (failure) reason = 'failed';
  else if (signal.reason === 'timeout' || signal.reason === 'stopped' || signal.reason === 'aborted') reason = signal.reason;
  const events = pipeline?.count ?? 0;
  const lost = run.lost;
  const invalid = check ? { ...check.invalid } : { notObject: 0, mismatched: 0 };
  const result: RunResult = {
    gadget: name,
    reason,
    events,
    lost,
    invalid,
    stats: runStats(name, reason, events, lost, invalid, ranFrom === undefined ? 0 : (ranUntil ?? performance.now()) - ranFrom, finalCost ?? (costs && costs.read(undefined, events))),
    cleanupErrors,
  };
  if (startupTiming) result.stats.startup = startupTiming;
  if (gadgetResult !== undefined) result.result = gadgetResult;
  if (failure) result.error = failure;
  run.finish(result);
}
