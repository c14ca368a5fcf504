import { escapeTerminal } from '@gadgetry/errors';
import type { CliIO } from './CliIO.js';
import type { EventOutput } from '../output/createOutput.js';
import type { ResultOutput } from '../output/stackProfile/profileOutput.js';
import type { PacedWriter } from '../output/PacedWriter.js';
import type { RunStats } from '../lifecycle/RunStats.js';
import type { GadgetInfo } from '../runner/GadgetInfo.js';
import type { RunError, RunMessage } from '../runner/RunMessage.js';
import { runErrorExitStatus, runErrorReport } from '../runner/runError.js';
import { errorReport, exitStatusOf } from '../errors.js';
import { summaryJson, summaryLine, withOutputLosses } from './runSummary.js';

export interface RunMessagePrinterOptions {
  info: GadgetInfo;
  output: EventOutput;
  writer: PacedWriter;
  io: CliIO;
  verbose: boolean;
  /** The -o format: the summary is JSON for json and jsonpretty. */
  format: string;
  /** How a declared result kind (a stack profile) is shown, when the format is its own. */
  shown: ResultOutput | undefined;
}

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
  #done: Extract<RunMessage, { type: 'done' }> | undefined;
  #error: RunError | undefined;
  readonly #stream: boolean;

  constructor(private readonly o: RunMessagePrinterOptions) {
    this.#stream = o.info.type === 'trace' || o.info.type === 'run';
  }

  #begin(): void {
    if (this.#begun) return;
    this.#begun = true;
    this.o.writer.text(this.o.output.begin());
  }

  /** Prints one message; a throw means the output failed (the caller fails the run). */
  print(m: RunMessage): void {
    const { output, writer, io } = this.o;
    switch (m.type) {
      case 'started':
        this.#started = true;
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
        this.#stats = m.stats;
        return;
      case 'error':
        this.#error = m.error;
        return;
      case 'done':
        this.#done = m;
        return;
      case 'lost':
        // counted in the stats; its warning came as a log message
        return;
    }
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
  async finish(graceMs: number, resultVerbose: boolean): Promise<number> {
    const { io, writer, output, shown, verbose, format } = this.o;
    const unwritten = await writer.settle(graceMs);
    const dropped = writer.dropped + unwritten;
    if (dropped > 0) {
      const late = unwritten ? `; ${unwritten} were still queued ${graceMs / 1000} s after the end and were discarded` : '';
      io.err(`warn: ${dropped} events lost: the output could not keep up (stdout was not read fast enough)${late}\n`);
    }
    // Every run that got going ends with its totals: one line, or one JSON object for -o json.
    if (this.#started && this.#stats) {
      const stats = withOutputLosses(this.#stats, dropped);
      io.err(format === 'json' || format === 'jsonpretty' ? summaryJson(stats) : summaryLine(stats));
    }
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
        io.err(errorReport(err, resultVerbose));
        return exitStatusOf(err);
      }
    } else if (result !== undefined) writer.text(output.result(result));
    return 0;
  }
}
