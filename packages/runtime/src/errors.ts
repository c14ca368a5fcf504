import type { LifecycleStep } from '@gadgetry/sdk';

/** Base of every error Gadgetry reports; `code` is stable, the message says what to do. */
export class GadgetryError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
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
    const inner = cause instanceof Error ? cause.message : String(cause);
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

/** One line for a user: the message of known errors, a short form of unknown ones. */
export function describeError(err: unknown): string {
  if (err instanceof GadgetryError) return `${err.message} [${err.code}]`;
  if (err instanceof Error) return err.message;
  return String(err);
}
