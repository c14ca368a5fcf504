import { GadgetryError, foreignCode, isErrorCode, type ErrorCode, type ForeignCode } from '@gadgetry/errors';
import { quoteInput } from '@gadgetry/errors';
import type { RunError } from '../RunMessage.js';

export class RunNameInvalidError extends GadgetryError {
  constructor(name: string, why: string) {
    super('RUN_NAME_INVALID', `invalid run name ${quoteInput(name)}: ${why}; use 1 to 63 letters, digits, '-', '_' or '.', starting with a letter or digit (e.g. --name exec-watch)`);
  }
}

export class RunNameTakenError extends GadgetryError {
  constructor(name: string) {
    super('RUN_NAME_TAKEN', `a headless run named ${quoteInput(name)} exists already; pick another --name, or remove it first with gadgetry rm ${name}`);
  }
}

export class RunNotFoundError extends GadgetryError {
  constructor(name: string) {
    super('RUN_NOT_FOUND', `no headless run named ${quoteInput(name)}; gadgetry ps lists the runs the agent keeps`);
  }
}

export class RunSpecInvalidError extends GadgetryError {
  constructor(path: string, why: string, cause?: unknown) {
    super('RUN_SPEC_INVALID', `saved headless run ${quoteInput(path)} cannot be used: ${why}; remove it with gadgetry rm and detach the run again`, { cause });
  }
}

export class AgentRequiredError extends GadgetryError {
  constructor(command: string) {
    super('AGENT_REQUIRED', `${command} needs an agent that keeps headless runs: start one with gadgetry serve and run the command against it`);
  }
}

/**
 * A failure that came as a RunError (a run that could not start) thrown
 * again with its code, so the CLI prints it and exits as it would for the
 * error itself.
 */
export class CarriedRunError extends GadgetryError {
  constructor(error: RunError) {
    const code: ErrorCode | ForeignCode = isErrorCode(error.code) ? error.code : (foreignCode(error.code) ?? 'GADGET_STEP_FAILED');
    // the line already ends with " [CODE]"; the CLI adds it again
    const suffix = ` [${error.code ?? ''}]`;
    const line = error.code !== undefined && error.line.endsWith(suffix) ? error.line.slice(0, -suffix.length) : error.line;
    super(code, line, error.details ? { cause: new Error(error.details) } : undefined);
  }
}
