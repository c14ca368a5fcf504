import type { ErrorCode } from '@gadgetry/errors';
import { GadgetryError } from '../errors.js';

export type UnusableCode = Extract<ErrorCode, 'GADGET_SHADOWED' | 'OPERATOR_SHADOWED' | 'MANIFEST_INVALID' | 'SDK_INCOMPATIBLE'>;

/**
 * A gadget (or an operator it needs) is installed but cannot be used: its
 * manifest is invalid, it was built for another SDK, or two packages offer
 * the same name. Unlike an unknown gadget this is not a typing mistake, so the
 * CLI exits 1, not 2.
 */
export class GadgetUnusableError extends GadgetryError {
  constructor(code: UnusableCode, message: string) {
    super(code, message);
  }
}
