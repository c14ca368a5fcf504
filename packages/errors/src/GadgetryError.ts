import { type ErrorCode, isErrorCode } from './errorCodes.js';
import { FULL_MESSAGE, GADGETRY_ERROR, errorDetails } from './errorDetails.js';
import { oneLine } from './oneLine.js';

declare const foreign: unique symbol;

/**
 * A code that is not in Gadgetry's list: one a third-party gadget or operator
 * gave its own error. Only foreignCode() makes one, so a mistyped code of
 * Gadgetry's own is still a type error.
 */
export type ForeignCode = string & { readonly [foreign]: true };

/** Codes are upper-case words joined by underscores: `MY_GADGET_FAILED`. */
const WELL_FORMED = /^[A-Z][A-Z0-9_]{1,63}$/;

/** `code` as a foreign code when it is well formed and not a listed one; else undefined. */
export function foreignCode(code: unknown): ForeignCode | undefined {
  return typeof code === 'string' && WELL_FORMED.test(code) && !isErrorCode(code) ? (code as ForeignCode) : undefined;
}

export interface GadgetryErrorOptions {
  cause?: unknown;
}

/**
 * Base of every error Gadgetry reports. `code` is stable (see ERROR_CODES and
 * docs/errors.md); the message is one line, control characters escaped, that
 * says what failed and what to do. Anything longer (a multi-line message,
 * libbpf's or the verifier's log on a cause) is in `details`.
 */
export class GadgetryError extends Error {
  readonly code: ErrorCode | ForeignCode;

  constructor(code: ErrorCode | ForeignCode, message: string, options?: GadgetryErrorOptions) {
    const line = oneLine(message);
    super(line, options);
    this.name = new.target.name;
    this.code = code;
    Object.defineProperty(this, GADGETRY_ERROR, { value: true });
    if (line !== message) Object.defineProperty(this, FULL_MESSAGE, { value: message });
  }

  /** What the one line leaves out: the full message when it was longer, and the causes' details (libbpf's log). */
  get details(): string {
    return errorDetails(this);
  }

  /**
   * `instanceof GadgetryError` also holds for errors made by another copy of
   * this package (a gadget installed with its own dependencies); subclasses
   * check their own prototype chain as usual.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    return this === GadgetryError && typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[GADGETRY_ERROR] === true;
  }
}
