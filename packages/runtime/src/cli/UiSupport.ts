import { quoteInput } from '@gadgetry/errors';
import type { GadgetInfo } from '../runner/GadgetInfo.js';
import type { GadgetRunner, RunStream } from '../runner/GadgetRunner.js';
import type { RunMessage } from '../runner/RunMessage.js';
import type { CliIO } from './CliIO.js';
import { UsageError } from '../errors.js';
import { LOOPBACK, hostPortOf } from './listenAddress.js';
import { isLoopback } from './MetricsSupport.js';

/** Where --ui serves the web view: loopback and a free port unless given; a token guards every request when set. */
export interface UiListen {
  host: string;
  /** 0: a free port. */
  port: number;
  token?: string;
}

/** A run shown in the browser; it sees every message of the run, in order. */
export interface UiView {
  /** The page's address, with the token when there is one. */
  url: string;
  observe(message: RunMessage): void;
  /** Tells the pages the run ended and stops serving. */
  close(): Promise<void>;
}

/**
 * The live web view (--ui, gadgetry ui): implemented by @gadgetry/webview and
 * passed in by the gadgetry command, so the runtime itself carries no web
 * server or page. `start` throws a listen failure before the gadget loads anything.
 */
export interface UiSupport {
  start(info: GadgetInfo, listen: UiListen, io: CliIO): Promise<UiView>;
  /** gadgetry ui: a page to pick a gadget, fill its params and start and stop runs; resolves when `stopped` does. */
  launch?(runner: GadgetRunner, listen: UiListen, io: CliIO, stopped: Promise<void>): Promise<number>;
}


/** --ui [host:]port, or nothing (loopback, a free port). */
export function parseUiListen(value: string | undefined, token: string | undefined, flag = '--ui'): UiListen {
  const withToken = (l: UiListen): UiListen => (token !== undefined ? { ...l, token } : l);
  if (token !== undefined && !/^[\x21-\x7e]{8,256}$/.test(token)) {
    throw new UsageError('invalid --ui-token: expected 8 to 256 printable characters without spaces');
  }
  if (value === undefined || value === '' || value === 'true') return withToken({ host: LOOPBACK, port: 0 });
  const bad = () =>
    new UsageError(`invalid ${flag} ${quoteInput(value)}: expected [host:]port, e.g. 8080 (on 127.0.0.1), 0.0.0.0:8080 (every interface, with a token) or nothing (127.0.0.1, a free port)`);
  const at = hostPortOf(value);
  if (!at) throw bad();
  return withToken(at);
}

/** True when a listen address needs a token: anything beyond loopback. */
export const uiNeedsToken = (listen: UiListen): boolean => !isLoopback(listen.host);

/**
 * Takes --ui and its optional value out of argv: `--ui=X`, `--ui X` (X not a
 * flag), or `--ui` alone. Returns undefined when there is no --ui.
 */
export function takeUiFlag(argv: string[]): { argv: string[]; value: string | undefined } | undefined {
  const at = argv.findIndex((a) => a === '--ui' || a.startsWith('--ui='));
  if (at < 0 || argv.slice(0, at).includes('--')) return undefined;
  const flag = argv[at]!;
  if (flag.startsWith('--ui=')) return { argv: argv.filter((_, i) => i !== at), value: flag.slice(5) };
  const next = argv[at + 1];
  if (next !== undefined && !next.startsWith('-')) return { argv: argv.filter((_, i) => i !== at && i !== at + 1), value: next };
  return { argv: argv.filter((_, i) => i !== at), value: undefined };
}

/** The run's messages, each shown to the web view first; the cost reports made for it alone are not passed on. */
export function withUi(stream: RunStream, view: UiView, hideRunning: boolean): RunStream {
  return {
    pause: () => stream.pause(),
    resume: () => stream.resume(),
    async *[Symbol.asyncIterator](): AsyncIterator<RunMessage> {
      for await (const message of stream) {
        view.observe(message);
        if (hideRunning && message.type === 'stats' && message.stats.ended === 'running') continue;
        yield message;
      }
    },
  };
}

export const UI_MISSING =
  '--ui and gadgetry ui need @gadgetry/webview, which this embedding of @gadgetry/runtime lacks; use the gadgetry command (npm i -g gadgetry) or pass { ui } from @gadgetry/webview to runCli';
