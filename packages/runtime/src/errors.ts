import type { LifecycleStep } from '@gadgetry/sdk';
import { GadgetryError, MAX_ERROR_LINE, errorDetails, exitStatusOfCode, foreignCode, isErrorCode, oneLine, type ErrorCode, type ForeignCode } from '@gadgetry/errors';

// The base class, the one-line and details rules and the code list live in
// @gadgetry/errors, shared with operators, shapes and native-bpf.
export { GadgetryError, MAX_ERROR_LINE, errorDetails, oneLine };

/** Characters of gadget names a GadgetNotFoundError lists: the line stays whole (MAX_ERROR_LINE). */
const LISTED_NAMES_MAX = 180;

/** As many of `names` as fit, and how many more there are. */
function someNames(names: string[]): string {
  const shown: string[] = [];
  let length = 0;
  for (const n of names) {
    if (length + n.length + 2 > LISTED_NAMES_MAX) break;
    shown.push(n);
    length += n.length + 2;
  }
  const rest = names.length - shown.length;
  return rest ? `${shown.join(', ')} and ${rest} more (gadgetry list shows them all)` : shown.join(', ');
}

export class GadgetNotFoundError extends GadgetryError {
  constructor(name: string, known: string[]) {
    const hint = known.length
      ? `installed gadgets: ${someNames(known)}`
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
    // Errors from gadgets, operators and native-bpf carry their own stable code; a third party's own code is kept too.
    const own = (cause as { code?: unknown } | null)?.code;
    const code: ErrorCode | ForeignCode = isErrorCode(own) ? own : (foreignCode(own) ?? 'GADGET_STEP_FAILED');
    // A bad param is the user's to fix: say what was wrong, not where it was noticed.
    super(code, code === 'PARAM_INVALID' ? inner : `gadget "${gadget}" failed in ${step}: ${inner}`, { cause });
  }
}

/** The CLI's exit status for an error: 2 when its code is a usage code in the list (bad usage), 1 for a failure. */
export function exitStatusOf(err: unknown): number {
  return exitStatusOfCode((err as { code?: unknown } | null)?.code);
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
