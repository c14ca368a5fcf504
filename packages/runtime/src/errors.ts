import type { LifecycleStep } from '@gadgetry/sdk';
import { escapeTerminal } from './output/escapeTerminal.js';

/** Longest line an error prints as; longer ones are cut (values echoed in messages are capped earlier). */
export const MAX_ERROR_LINE = 300;

/** The first non-empty line of `text`, control characters escaped, cut to `max` characters. */
export function oneLine(text: string, max = MAX_ERROR_LINE): string {
  const line = (text.split('\n').find((l) => l.trim() !== '') ?? '').trimEnd();
  const safe = escapeTerminal(line);
  if (safe.length <= max) return safe;
  let cut = safe.slice(0, Math.max(0, max - 1));
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Full messages that a GadgetryError's one line left out, kept for its details. */
const fullMessages = new WeakMap<Error, string>();

/**
 * Base of every error Gadgetry reports; `code` is stable, the message is one
 * line that says what failed and what to do. Anything longer (a multi-line
 * message, libbpf's or the verifier's log on a cause) is in `details`.
 */
export class GadgetryError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    const line = oneLine(message);
    super(line, options);
    this.name = new.target.name;
    if (line !== message) fullMessages.set(this, message);
  }

  /** What the one line leaves out: the full message when it was longer, and the causes' details (libbpf's log). */
  get details(): string {
    return errorDetails(this);
  }
}

export class GadgetNotFoundError extends GadgetryError {
  constructor(name: string, known: string[]) {
    const hint = known.length
      ? `installed gadgets: ${known.join(', ')}`
      : 'no gadgets are installed; install a gadget package (npm i @gadgetry/gadget-trace_exec) or pass --gadget-path';
    super('GADGET_NOT_FOUND', `unknown gadget "${name}"; ${hint}`);
  }
}

export class ParamInvalidError extends GadgetryError {
  constructor(message: string) {
    super('PARAM_INVALID', message);
  }
}

export class UsageError extends GadgetryError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

export class GadgetLoadError extends GadgetryError {
  constructor(message: string, cause?: unknown) {
    super('GADGET_LOAD_FAILED', message, { cause });
  }
}

export class OperatorDependencyError extends GadgetryError {
  constructor(message: string) {
    super('OPERATOR_DEPENDENCY', message);
  }
}

/** A lifecycle step threw; names the gadget and the step. */
export class GadgetStepError extends GadgetryError {
  constructor(
    readonly gadget: string,
    readonly step: LifecycleStep,
    cause: unknown,
  ) {
    // The cause's first line; the rest of it shows in details.
    const inner = oneLine(cause instanceof Error ? text(cause.message) : text(cause));
    // Errors from gadgets, operators and native-bpf carry their own stable code.
    const own = (cause as { code?: unknown } | null)?.code;
    const code = typeof own === 'string' && /^[A-Z][A-Z0-9_]+$/.test(own) ? own : 'GADGET_STEP_FAILED';
    // A bad param is the user's to fix: say what was wrong, not where it was noticed.
    super(code, code === 'PARAM_INVALID' ? inner : `gadget "${gadget}" failed in ${step}: ${inner}`, { cause });
  }
}

/** Codes that mean the user asked for something wrong, rather than the run failing. */
const USER_ERRORS = new Set(['USAGE', 'PARAM_INVALID', 'GADGET_NOT_FOUND']);

/** The CLI's exit status for an error: 2 for bad usage, 1 for a failure. */
export function exitStatusOf(err: unknown): number {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && USER_ERRORS.has(code) ? 2 : 1;
}

function text(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** One line for a user: the message and code of known errors, the first line of others; never longer than MAX_ERROR_LINE. */
export function describeError(err: unknown): string {
  if (err instanceof GadgetryError) {
    const code = ` [${oneLine(err.code, 60)}]`;
    return `${oneLine(err.message, MAX_ERROR_LINE - code.length)}${code}`;
  }
  if (err instanceof Error) return oneLine(text(err.message));
  return oneLine(text(err));
}

const lineCount = (s: string) => s.split('\n').filter((l) => l.trim() !== '').length;

/**
 * The details behind an error's one line, from it and its causes: messages
 * longer than one line, `libbpfLog` (what libbpf and the verifier said) and
 * `details` strings. Control characters other than newline and tab are escaped.
 */
export function errorDetails(err: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  for (let e = err; e !== null && typeof e === 'object' && !seen.has(e) && seen.size < 16; ) {
    seen.add(e);
    const o = e as { message?: unknown; details?: unknown; libbpfLog?: unknown; cause?: unknown };
    if (e instanceof GadgetryError) {
      const full = fullMessages.get(e);
      if (full) parts.push(full);
    } else {
      if (typeof o.message === 'string' && (lineCount(o.message) > 1 || o.message.length > MAX_ERROR_LINE)) parts.push(o.message);
      if (typeof o.details === 'string') parts.push(o.details);
    }
    if (typeof o.libbpfLog === 'string') parts.push(o.libbpfLog);
    e = o.cause;
  }
  return parts
    .map((p) => p.trim().split(/(\n|\t)/).map((piece) => (piece === '\n' || piece === '\t' ? piece : escapeTerminal(piece))).join(''))
    .filter(Boolean)
    .join('\n');
}

/**
 * What the CLI prints for a failure: the error's one line, then, with
 * `verbose`, its details indented below it; without, a pointer to -v when
 * there are details to show.
 */
export function errorReport(err: unknown, verbose: boolean): string {
  const line = `error: ${describeError(err)}`;
  const details = errorDetails(err);
  if (!details) return `${line}\n`;
  if (!verbose) return `${line} (-v shows details)\n`;
  return `${line}\n${details.split('\n').map((l) => `  ${l}`).join('\n')}\n`;
}
