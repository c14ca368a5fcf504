import type { TimestampFormat } from '@gadgetry/kinds';
import type { CliIO } from '../CliIO.js';
import type { GadgetRunner } from '../../runner/GadgetRunner.js';
import { CarriedRunError, RunNotFoundError } from '../../runner/headless/headlessErrors.js';
import { RunMessagePrinter } from '../RunMessagePrinter.js';
import { withHeadless, type HeadlessHook } from '../headlessHook.js';
import { takeFlag, type ParsedArgs } from '../parseArgs.js';
import { UsageError } from '../../errors.js';
import { TIMESTAMP_FORMATS } from '@gadgetry/kinds';
import { quoteInput } from '@gadgetry/errors';

export interface AttachCommandOptions {
  verbose: boolean;
  /** Lets the caller detach (Ctrl-C in the CLI): the reader leaves, the run goes on. */
  onRun?: (stop: () => void) => void;
  headless?: HeadlessHook;
}

/**
 * `gadgetry attach <name>`: prints a headless run as `gadgetry run` would,
 * from the gadget's info and the run's messages (its recent ones first).
 */
export async function attachCommand(args: ParsedArgs, runner: GadgetRunner, io: CliIO, opts: AttachCommandOptions): Promise<number> {
  const name = args.positionals[1];
  if (name === undefined) throw new UsageError('attach needs the name of a headless run: gadgetry attach <name> (gadgetry ps lists them)');
  const format = takeFlag(args, 'output') ?? 'columns';
  const fieldsFlag = takeFlag(args, 'fields');
  const fields = fieldsFlag?.split(',').map((f) => f.trim());
  if (fields?.includes('')) throw new UsageError(`empty field name in --fields ${quoteInput(fieldsFlag!)}; give field names separated by commas, e.g. --fields pid,comm`);
  const tsFlag = takeFlag(args, 'timestamp-format');
  if (tsFlag !== undefined && !(TIMESTAMP_FORMATS as readonly string[]).includes(tsFlag)) {
    throw new UsageError(`invalid --timestamp-format ${quoteInput(tsFlag)}: expected one of ${TIMESTAMP_FORMATS.join(', ')}`);
  }
  const timestampFormat = tsFlag as TimestampFormat | undefined;
  return withHeadless(opts.headless, 'attach', args, async (headless) => {
    const status = (await headless.list()).find((s) => s.name === name);
    if (!status) throw new RunNotFoundError(name);
    if (!status.gadget && status.error) throw new CarriedRunError(status.error);
    const info = await runner.describe(status.gadget, status.params);
    const printer = new RunMessagePrinter(info, io, { format, fields, timestampFormat, verbose: opts.verbose, stats: status.options.stats === true || status.options.statsIntervalMs !== undefined });
    const controller = new AbortController();
    let detached = false;
    opts.onRun?.(() => {
      detached = true;
      controller.abort();
    });
    const stream = headless.attach(name, { signal: controller.signal });
    // a reader that falls behind loses messages in the agent (counted), never slows the run
    const code = await printer.printAll(stream, {
      pause: () => stream.pause(),
      resume: () => stream.resume(),
      fail: () => controller.abort(),
    });
    if (detached) io.err(`detached from ${name}; the run goes on (gadgetry rm ${name} stops it)\n`);
    return code;
  });
}
