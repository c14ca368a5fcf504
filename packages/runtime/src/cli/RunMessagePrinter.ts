import { escapeTerminal, quoteInput } from '@gadgetry/errors';
import type { ResultKind } from '@gadgetry/sdk';
import type { TimestampFormat } from '@gadgetry/kinds';
import type { CliIO, OutputQueue } from './CliIO.js';
import { OUTPUT_FORMATS, createOutput, type EventOutput } from '../output/createOutput.js';
import { RESULT_FORMATS, resultOutput, type ResultOutput } from '../output/stackProfile/profileOutput.js';
import { PacedWriter, type Pace } from '../output/PacedWriter.js';
import { hostKindContext } from '../kinds/hostKindContext.js';
import type { RunStats } from '../lifecycle/RunStats.js';
import type { GadgetInfo } from '../runner/GadgetInfo.js';
import type { RunError, RunMessage } from '../runner/RunMessage.js';
import { infoFields } from '../runner/infoFields.js';
import { runErrorExitStatus, runErrorReport } from '../runner/runError.js';
import { UsageError, errorReport, exitStatusOf } from '../errors.js';
import { summaryJson, summaryLine, withOutputLosses } from './runSummary.js';
import { costJson, costTable } from './costTable.js';

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

export interface RunMessagePrinterOptions {
  /** The -o format: columns, json, jsonpretty, yaml, or one of the result kind's own (folded). */
  format: string;
  /** The --fields list. */
  fields?: string[];
  timestampFormat?: TimestampFormat;
  /** --flamegraph FILE, for a stack profile. */
  flamegraph?: string;
  /** -v: debug logs and error details. */
  verbose: boolean;
  /** -v as given before the gadget's own flags were known: for errors writing the result. */
  resultVerbose?: boolean;
  /** --stats: print the run's cost (a table on stderr, or a {"stats":...} record on stdout with -o json). */
  stats?: boolean;
}

/** A host's boot clock offset as sent; one that is not an integer is ignored (this machine's is used). */
function hostClockOf(text: string): bigint | undefined {
  return /^-?\d{1,24}$/.test(text) ? BigInt(text) : undefined;
}

/** What the printer tells the run: its output fell behind, caught up, or failed. */
export type RunControl = Pace;

/**
 * What `gadgetry run` prints for a run's messages: events to stdout through
 * the paced writer, logs to stderr, then the summary, failures and result.
 * It reads the gadget's info and the messages only, so a run's messages print
 * the same wherever the run happened.
 */
export class RunMessagePrinter {
  #started = false;
  #begun = false;
  /** Set once printing failed: no more events are written, as a failed run delivers none. */
  #failed = false;
  #stats: RunStats | undefined;
  /** Events this attached reader lost by falling behind (reader_behind). */
  #readerLost = 0;
  #done: Extract<RunMessage, { type: 'done' }> | undefined;
  #error: RunError | undefined;
  readonly #stream: boolean;
  readonly #output: EventOutput;
  readonly #shown: ResultOutput | undefined;
  #writer!: PacedWriter;
  /** The run's host's boot clock offset, from its `started` message. */
  #hostClock: bigint | undefined;

  /** Checks the format and fields against the gadget's info: a bad one is a UsageError, before anything runs. */
  constructor(
    private readonly info: GadgetInfo,
    private readonly io: CliIO,
    private readonly o: RunMessagePrinterOptions,
  ) {
    this.#stream = info.type === 'trace' || info.type === 'run';
    const { format } = o;
    // A declared result kind (a stack profile) adds its own formats (-o folded) and flags (--flamegraph).
    const resultKind = info.result as ResultKind | undefined;
    this.#shown = resultOutput(resultKind, format, { flamegraph: resultKind ? o.flamegraph : undefined }, info.name);
    const ownFormat = resultKind !== undefined && RESULT_FORMATS[resultKind].includes(format);
    if (resultKind !== undefined && !ownFormat && !(OUTPUT_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`unknown output format ${quoteInput(format)}; use one of: ${[...OUTPUT_FORMATS, ...RESULT_FORMATS[resultKind]].join(', ')}`);
    }
    const kinds = hostKindContext({ timestampFormat: o.timestampFormat });
    // timestamps read with the clock of the host the run is on, once it has said it
    const ownClock = kinds.bootToEpochNs;
    kinds.bootToEpochNs = () => this.#hostClock ?? ownClock!();
    this.#output = createOutput(ownFormat ? 'columns' : format, infoFields(info, kinds), o.fields);
  }

  /**
   * Prints every message of a run and what follows its end; returns the exit
   * status. `control` hears when stdout falls behind or fails (a local run
   * pauses its reader, or fails with OUTPUT_FAILED).
   */
  async printAll(messages: AsyncIterable<RunMessage>, control: RunControl = { pause() {}, resume() {}, fail() {} }): Promise<number> {
    const io = this.io;
    this.#writer = new PacedWriter(io.stdout ?? immediateQueue((t) => io.out(t)), control);
    for await (const message of messages) {
      try {
        this.print(message);
      } catch (err) {
        // the output failed: the run ends failed with OUTPUT_FAILED, as when its writer fails
        control.fail(err);
      }
    }
    return this.#finish(FLUSH_GRACE_MS);
  }

  #begin(): void {
    if (this.#begun) return;
    this.#begun = true;
    this.#writer.text(this.#output.begin());
  }

  /** Prints one message; a throw means the output failed. */
  private print(m: RunMessage): void {
    const output = this.#output;
    const writer = this.#writer;
    const io = this.io;
    switch (m.type) {
      case 'started':
        this.#started = true;
        this.#hostClock = hostClockOf(m.host.bootToEpochNs);
        if (this.#stream) this.#begin();
        return;
      case 'events':
      case 'table': {
        if (this.#failed) return;
        const table = m.type === 'table';
        if (!table) this.#begin();
        this.#guard(() => writer.events(m.events.length, () => output.batch(m.events, { table })));
        return;
      }
      case 'result':
        // a profile's results before the end (a histogram every interval) are written as they come
        if (!this.#failed) this.#guard(() => writer.text(output.result(m.value)));
        return;
      case 'log':
        if (m.level === 'debug' && !this.o.verbose) return;
        // gadgets' and operators' messages may carry names other users chose
        io.err(`${m.level === 'info' || m.level === 'debug' ? '' : `${m.level}: `}${escapeTerminal(m.message)}\n`);
        return;
      case 'stats':
        if (m.stats.ended === 'running') this.#printCost(m.stats);
        else this.#stats = m.stats;
        return;
      case 'error':
        this.#error = m.error;
        return;
      case 'done':
        this.#done = m;
        return;
      case 'lost':
        // the run's losses are counted in its stats and warned about in a log message; an
        // attached reader's own (it fell behind the headless run) are known here only
        if (m.reason === 'reader_behind') {
          this.#readerLost += m.count;
          io.err(`warn: ${escapeTerminal(m.message)}\n`);
        }
        return;
    }
  }

  /** The run's cost, with --stats: JSON formats write a record among the output, the others a table on stderr. */
  #printCost(stats: RunStats): void {
    if (!this.o.stats || !stats.cost) return;
    const { format } = this.o;
    if (format === 'json' || format === 'jsonpretty') this.#writer.text(costJson(stats, format === 'jsonpretty'));
    else this.io.err(costTable(stats));
  }

  #guard(write: () => void): void {
    try {
      write();
    } catch (err) {
      this.#failed = true;
      throw err;
    }
  }

  /** After the last message: waits for the output, prints the summary, failures and result; returns the exit status. */
  async #finish(graceMs: number): Promise<number> {
    const { format } = this.o;
    const io = this.io;
    const writer = this.#writer;
    const unwritten = await writer.settle(graceMs);
    const dropped = writer.dropped + unwritten;
    if (dropped > 0) {
      const late = unwritten ? `; ${unwritten} were still queued ${graceMs / 1000} s after the end and were discarded` : '';
      io.err(`warn: ${dropped} events lost: the output could not keep up (stdout was not read fast enough)${late}\n`);
    }
    // Every run that got going ends with its totals: one line, or one JSON object for -o json.
    let stats: RunStats | undefined;
    if (this.#started && this.#stats) {
      stats = withOutputLosses(this.#stats, dropped, this.#readerLost);
      io.err(format === 'json' || format === 'jsonpretty' ? summaryJson(stats) : summaryLine(stats));
    }
    const status = this.#errorsAndResult();
    // --stats comes last: with -o json, the last record of the output
    if (stats) this.#printCost(stats);
    return status;
  }

  /** The run's failures, or its result; returns the exit status. */
  #errorsAndResult(): number {
    const { verbose } = this.o;
    const io = this.io;
    const writer = this.#writer;
    const shown = this.#shown;
    const done = this.#done;
    for (const e of done?.cleanupErrors ?? []) io.err(runErrorReport(e, verbose));
    const error = done?.error ?? this.#error;
    if (error) {
      io.err(runErrorReport(error, verbose));
      return runErrorExitStatus(error);
    }
    const result = done?.result;
    if (shown && result !== undefined) {
      try {
        for (const file of shown.writeFiles(result)) io.err(`wrote ${escapeTerminal(file)}\n`);
        writer.text(shown.text(result));
      } catch (err) {
        io.err(errorReport(err, this.o.resultVerbose ?? verbose));
        return exitStatusOf(err);
      }
    } else if (result !== undefined) writer.text(this.#output.result(result));
    return 0;
  }
}
