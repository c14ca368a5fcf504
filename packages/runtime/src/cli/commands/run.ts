import type { CliIO } from '../CliIO.js';
import { parseArgs, takeAll, takeFlag, type ParsedArgs } from '../parseArgs.js';
import { RUN_HELP } from '../help.js';
import { dropRemoteFlags } from '../RemoteSupport.js';
import { describeText } from './describe.js';
import type { GadgetRunner } from '../../runner/GadgetRunner.js';
import { RunMessagePrinter } from '../RunMessagePrinter.js';
import { TIMESTAMP_FORMATS, type TimestampFormat } from '@gadgetry/kinds';
import { UsageError } from '../../errors.js';
import { quoteInput } from '@gadgetry/errors';
import { parseStrictNumber } from '../../params/strictNumbers.js';
import { MAX_TIMER_SECONDS } from '../../params/timerLimits.js';
import type { HeadlessHook } from '../headlessHook.js';
import { detachCommand } from './detach.js';
import { allRowsForMetrics, metricsFlags, withMetrics } from '../runMetrics.js';
import type { MetricsSupport } from '../MetricsSupport.js';
import { UI_MISSING, parseUiListen, takeUiFlag, withUi, type UiSupport, type UiView } from '../UiSupport.js';

/** How often a run with --ui reports its cost to the page. */
const UI_STATS_INTERVAL_MS = 1000;

export interface RunCommandOptions {
  verbose: boolean;
  help: boolean;
  /** Lets the caller stop the run (SIGINT/SIGTERM in the CLI). */
  onRun?: (stop: () => void) => void;
  /** Where `run --detach` hands the run to (an agent). */
  headless?: HeadlessHook;
  /** --metrics and --otlp (the gadgetry command passes @gadgetry/metrics'). */
  metrics?: MetricsSupport;
  /** --ui (the gadgetry command passes @gadgetry/webview's). */
  ui?: UiSupport;
}

/** --timeout in ms: decimal seconds from 1 ms up to what a Node timer holds, never rounded to "no timeout". */
function parseTimeout(value: string | undefined): number {
  if (value === undefined) return 0;
  const seconds = parseStrictNumber(value);
  if (seconds === undefined || seconds < 0.001 || seconds > MAX_TIMER_SECONDS) {
    throw new UsageError(`invalid --timeout ${quoteInput(value)}: expected seconds from 0.001 to ${MAX_TIMER_SECONDS}, e.g. 5 or 0.5`);
  }
  return Math.round(seconds * 1000);
}

/** --stats-interval in ms: decimal seconds from 0.1 (a report per 100 ms at most) up to what a Node timer holds. */
function parseStatsInterval(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = parseStrictNumber(value);
  if (seconds === undefined || seconds < 0.1 || seconds > MAX_TIMER_SECONDS) {
    throw new UsageError(`invalid --stats-interval ${quoteInput(value)}: expected seconds from 0.1 to ${MAX_TIMER_SECONDS}, e.g. 1 or 0.5`);
  }
  return Math.round(seconds * 1000);
}

/** The --fields list; an empty list or an empty name is refused, not read as "the default columns". */
function parseFieldsFlag(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').map((f) => f.trim());
  if (names.includes('')) {
    const what = value.trim() === '' ? 'empty --fields' : `empty field name in --fields ${quoteInput(value)}`;
    throw new UsageError(`${what}; give field names separated by commas, e.g. --fields pid,comm (see gadgetry describe <gadget>)`);
  }
  return names;
}

/** --timestamp-format: how columns show timestamps. */
function parseTimestampFormat(value: string | undefined): TimestampFormat | undefined {
  if (value === undefined) return undefined;
  if (!(TIMESTAMP_FORMATS as readonly string[]).includes(value)) {
    throw new UsageError(`invalid --timestamp-format ${quoteInput(value)}: expected one of ${TIMESTAMP_FORMATS.join(', ')}`);
  }
  return value as TimestampFormat;
}

export async function runCommand(
  argv: string[],
  first: ParsedArgs,
  runner: GadgetRunner,
  io: CliIO,
  opts: RunCommandOptions,
): Promise<number> {
  const name = first.positionals[0];
  if (!name) {
    if (opts.help) return io.out(RUN_HELP), 0;
    throw new UsageError('run needs a gadget name: gadgetry run <gadget> (see gadgetry list)');
  }
  const info = await runner.describe(name);
  if (opts.help) {
    io.out(`${describeText(info)}\n${RUN_HELP}`);
    return 0;
  }
  // Second pass, now that the gadget's boolean params are known.
  const booleans = new Set(['help', 'verbose', 'trace-self', 'strict', 'detach', 'stats']);
  const flags = new Set<string>();
  for (const params of [info.params, ...info.operators.map((o) => o.params)]) {
    for (const s of params) {
      flags.add(s.flag);
      if (s.type === 'boolean') booleans.add(s.flag);
    }
  }
  // --ui takes an optional value, which the generic parser cannot express
  const uiFlag = takeUiFlag(argv);
  const args = parseArgs(uiFlag ? uiFlag.argv : argv, booleans);
  // the first pass could not know the gadget's booleans: `--loud -v` read -v as --loud's value there
  const verbose = opts.verbose || args.flags.has('verbose');
  for (const f of ['help', 'verbose']) args.flags.delete(f);
  takeAll(args, 'gadget-path');
  // --remote was read by the caller, which chose the runner
  dropRemoteFlags(args);
  if (args.positionals.length > 1) throw new UsageError(`unexpected argument "${args.positionals[1]}"; params are given as --name value`);
  const format = takeFlag(args, 'output') ?? 'columns';
  const fieldsFlag = takeFlag(args, 'fields');
  const timeoutMs = parseTimeout(takeFlag(args, 'timeout'));
  const traceSelf = takeFlag(args, 'trace-self');
  if (traceSelf !== undefined && traceSelf !== 'true' && traceSelf !== 'false') throw new UsageError(`invalid --trace-self ${quoteInput(traceSelf)}: expected true or false`);
  const wanted = parseFieldsFlag(fieldsFlag);
  const strict = takeFlag(args, 'strict') === 'true';
  const timestampFormat = parseTimestampFormat(takeFlag(args, 'timestamp-format'));
  const statsFlag = takeFlag(args, 'stats');
  if (statsFlag !== undefined && statsFlag !== 'true' && statsFlag !== 'false') throw new UsageError(`invalid --stats ${quoteInput(statsFlag)}: expected true or false`);
  const statsIntervalMs = parseStatsInterval(takeFlag(args, 'stats-interval'));
  const stats = statsFlag === 'true' || statsIntervalMs !== undefined;
  const flamegraph = info.result !== undefined ? takeFlag(args, 'flamegraph') : undefined;
  const detach = takeFlag(args, 'detach') === 'true';
  const metricsWanted = metricsFlags(args, opts.metrics);
  const uiToken = takeFlag(args, 'ui-token');
  if (uiToken !== undefined && !uiFlag) throw new UsageError('--ui-token guards the web view: add --ui [host:]port');
  const uiListen = uiFlag ? parseUiListen(uiFlag.value, uiToken) : undefined;
  if (uiListen && !opts.ui) throw new UsageError(UI_MISSING);
  const runName = takeFlag(args, 'run-name') ?? (flags.has('name') ? undefined : takeFlag(args, 'name'));
  if (detach || runName !== undefined) {
    if (!detach) throw new UsageError(`--${flags.has('name') ? 'run-' : ''}name names a headless run: add --detach (gadgetry run --detach --name X <gadget>)`);
    if (runName === undefined) {
      const how = flags.has('name') ? `--run-name X (${name} has a --name param of its own)` : '--name X';
      throw new UsageError(`run --detach needs a name for the run: ${how}; attach, ps and rm use it`);
    }
    const shown = [['-o', format !== 'columns'], ['--fields', fieldsFlag !== undefined], ['--flamegraph', flamegraph !== undefined], ['--metrics or --otlp', metricsWanted !== undefined], ['--ui', uiListen !== undefined]] as const;
    const misplaced = shown.find(([, given]) => given);
    if (misplaced) throw new UsageError(`${misplaced[0]} is for the output: give it to gadgetry attach ${runName}, not to run --detach`);
    const params: Record<string, unknown> = {};
    for (const [k, v] of args.flags) params[k] = v[v.length - 1];
    const options = { strict, traceSelf: traceSelf === 'true', ...(timeoutMs ? { timeoutMs } : {}), ...(timestampFormat ? { timestampFormat } : {}), ...(stats ? { stats } : {}), ...(statsIntervalMs !== undefined ? { statsIntervalMs } : {}) };
    return detachCommand({ name: runName, gadget: name, params, options }, first, opts.headless, io);
  }
  const printer = new RunMessagePrinter(info, io, { format, fields: wanted, timestampFormat, flamegraph, verbose, resultVerbose: opts.verbose, stats });
  const params: Record<string, unknown> = {};
  for (const [k, v] of args.flags) params[k] = v[v.length - 1];

  const shownRows = metricsWanted ? allRowsForMetrics(info, params) : undefined;
  // a listen failure ends the command before the gadget loads anything
  const metrics = metricsWanted ? await metricsWanted.start(info, io) : undefined;
  let view: UiView | undefined;
  try {
    view = uiListen ? await opts.ui!.start(info, uiListen, io) : undefined;
  } catch (err) {
    await metrics?.close();
    throw err;
  }
  const controller = new AbortController();
  // with --stats, metrics want the cost while the run runs: reports the printer does not show unless asked;
  // the web view always shows it
  const reportEvery = statsIntervalMs ?? (view ? UI_STATS_INTERVAL_MS : metrics && stats ? metrics.statsIntervalMs : undefined);
  const runStream = runner.run(name, params, {
    signal: controller.signal,
    timeoutMs,
    strict,
    timestampFormat,
    traceSelf: traceSelf === 'true',
    stats: stats || view !== undefined,
    ...(reportEvery !== undefined ? { statsIntervalMs: reportEvery } : {}),
  });
  // the page sees every row and every cost report; what the output shows is cut after
  const viewed = view ? withUi(runStream, view, !metrics && statsIntervalMs === undefined) : runStream;
  const stream = metrics ? withMetrics(viewed, metrics, statsIntervalMs === undefined, shownRows) : viewed;
  opts.onRun?.(() => controller.abort());
  // Output backpressure: a stdout that falls behind pauses the gadget's reader; one that fails fails the run.
  try {
    return await printer.printAll(stream, {
      pause: () => stream.pause(),
      resume: () => stream.resume(),
      fail: (err) => controller.abort(err instanceof Error ? err : new Error(String(err))),
    });
  } finally {
    await view?.close();
    await metrics?.close();
  }
}
