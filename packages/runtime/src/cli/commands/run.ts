import type { CliIO, OutputQueue } from '../CliIO.js';
import { parseArgs, takeAll, takeFlag, type ParsedArgs } from '../parseArgs.js';
import { RUN_HELP } from '../help.js';
import { describeText } from './describe.js';
import type { GadgetCatalog } from '../../registry/GadgetCatalog.js';
import { paramSpecs } from '../../params/paramSpecs.js';
import { runGadget } from '../../lifecycle/runGadget.js';
import { runFieldsOf, runOperators } from '../../operators/runFieldsOf.js';
import { hostKindContext } from '../../kinds/hostKindContext.js';
import { TIMESTAMP_FORMATS, type TimestampFormat } from '@gadgetry/kinds';
import { OUTPUT_FORMATS, createOutput } from '../../output/createOutput.js';
import { RESULT_FORMATS, resultOutput } from '../../output/stackProfile/profileOutput.js';
import { UsageError, errorReport, exitStatusOf } from '../../errors.js';
import { escapeTerminal, quoteInput } from '@gadgetry/errors';
import { parseStrictNumber } from '../../params/strictNumbers.js';
import { MAX_TIMER_SECONDS } from '../../params/timerLimits.js';
import { PacedWriter } from '../../output/PacedWriter.js';
import { summaryJson, summaryLine, withOutputLosses } from '../runSummary.js';

/** How long the end of a run waits for a slow reader to take the queued output. */
const FLUSH_GRACE_MS = 2000;

/** `out` as a queue that always keeps up (tests' CliIO). */
function immediateQueue(out: (text: string) => void): OutputQueue {
  return {
    write(text, onFlushed) {
      out(text);
      onFlushed();
    },
    queued: 0,
    onError: () => {},
    abandon: () => {},
    abandoned: false,
  };
}

export interface RunCommandOptions {
  verbose: boolean;
  help: boolean;
  /** Lets the caller stop the run (SIGINT/SIGTERM in the CLI). */
  onRun?: (stop: () => void) => void;
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
  catalog: GadgetCatalog,
  io: CliIO,
  opts: RunCommandOptions,
): Promise<number> {
  const name = first.positionals[0];
  if (!name) {
    if (opts.help) return io.out(RUN_HELP), 0;
    throw new UsageError('run needs a gadget name: gadgetry run <gadget> (see gadgetry list)');
  }
  const found = catalog.find(name);
  const descriptor = await catalog.loadGadget(name);
  const operators = await catalog.loadOperatorsFor(descriptor);
  if (opts.help) {
    io.out(`${describeText(descriptor, operators, `Package:  ${found.packageName} ${found.version}`)}\n${RUN_HELP}`);
    return 0;
  }
  // Second pass, now that the gadget's boolean params are known.
  const applying = runOperators(descriptor, operators);
  const booleans = new Set(['help', 'verbose', 'trace-self', 'strict']);
  for (const schema of [descriptor.params, ...applying.map((o) => o.params)]) {
    for (const s of paramSpecs(schema)) if (s.type === 'boolean') booleans.add(s.flag);
  }
  const args = parseArgs(argv, booleans);
  // the first pass could not know the gadget's booleans: `--loud -v` read -v as --loud's value there
  const verbose = opts.verbose || args.flags.has('verbose');
  for (const f of ['help', 'verbose']) args.flags.delete(f);
  takeAll(args, 'gadget-path');
  if (args.positionals.length > 1) throw new UsageError(`unexpected argument "${args.positionals[1]}"; params are given as --name value`);
  const format = takeFlag(args, 'output') ?? 'columns';
  const fieldsFlag = takeFlag(args, 'fields');
  const timeoutMs = parseTimeout(takeFlag(args, 'timeout'));
  const traceSelf = takeFlag(args, 'trace-self');
  if (traceSelf !== undefined && traceSelf !== 'true' && traceSelf !== 'false') throw new UsageError(`invalid --trace-self ${quoteInput(traceSelf)}: expected true or false`);
  const wanted = parseFieldsFlag(fieldsFlag);
  const strict = takeFlag(args, 'strict') === 'true';
  const kinds = hostKindContext({ timestampFormat: parseTimestampFormat(takeFlag(args, 'timestamp-format')) });
  // A declared result kind (a stack profile) adds its own formats (-o folded) and flags (--flamegraph).
  const resultKind = descriptor.result;
  const shown = resultOutput(resultKind, format, { flamegraph: resultKind ? takeFlag(args, 'flamegraph') : undefined }, descriptor.name);
  const ownFormat = resultKind !== undefined && RESULT_FORMATS[resultKind].includes(format);
  if (resultKind !== undefined && !ownFormat && !(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`unknown output format ${quoteInput(format)}; use one of: ${[...OUTPUT_FORMATS, ...RESULT_FORMATS[resultKind]].join(', ')}`);
  }
  const output = createOutput(ownFormat ? 'columns' : format, runFieldsOf(descriptor, applying, kinds), wanted);
  const params: Record<string, unknown> = {};
  for (const [k, v] of args.flags) params[k] = v[v.length - 1];

  const run = runGadget(descriptor, { params, operators, timeoutMs, strict, kinds, traceSelf: traceSelf === 'true' });
  opts.onRun?.(() => run.stop());
  // Output backpressure: a stdout that falls behind pauses the gadget's reader.
  const writer = new PacedWriter(io.stdout ?? immediateQueue((t) => io.out(t)), {
    pause: () => run.pause(),
    resume: () => run.resume(),
    fail: (err) => run.fail(err),
  });
  let started = false;
  run.on('started', () => (started = true));
  let begun = false;
  const begin = () => {
    if (begun) return;
    begun = true;
    writer.text(output.begin());
  };
  const stream = descriptor.type === 'trace' || descriptor.type === 'run';
  if (stream) run.on('started', begin);
  run.on('events', (events, info) => {
    if (!info.table) begin();
    writer.events(events.length, () => output.batch(events, info));
  });
  // a profile's results before the end (a histogram every interval) are written as they come
  run.on('result', (value) => writer.text(output.result(value)));
  run.on('log', (level, message) => {
    if (level === 'debug' && !verbose) return;
    // gadgets' and operators' messages may carry names other users chose
    io.err(`${level === 'info' || level === 'debug' ? '' : `${level}: `}${escapeTerminal(message)}\n`);
  });
  const result = await run.done;
  const unwritten = await writer.settle(FLUSH_GRACE_MS);
  const dropped = writer.dropped + unwritten;
  if (dropped > 0) {
    const late = unwritten ? `; ${unwritten} were still queued ${FLUSH_GRACE_MS / 1000} s after the end and were discarded` : '';
    io.err(`warn: ${dropped} events lost: the output could not keep up (stdout was not read fast enough)${late}\n`);
  }
  // Every run that got going ends with its totals: one line, or one JSON object for -o json.
  if (started) {
    const stats = withOutputLosses(result.stats, dropped);
    io.err(format === 'json' || format === 'jsonpretty' ? summaryJson(stats) : summaryLine(stats));
  }
  for (const e of result.cleanupErrors) io.err(errorReport(e, verbose));
  if (result.error) {
    io.err(errorReport(result.error, verbose));
    return exitStatusOf(result.error);
  }
  if (shown && result.result !== undefined) {
    try {
      for (const file of shown.writeFiles(result.result)) io.err(`wrote ${escapeTerminal(file)}\n`);
      writer.text(shown.text(result.result));
    } catch (err) {
      io.err(errorReport(err, opts.verbose));
      return exitStatusOf(err);
    }
  } else if (result.result !== undefined) writer.text(output.result(result.result));
  return 0;
}
