import { GadgetryError, type ErrorCode } from '@gadgetry/errors';

/** Codes of the errors the shapes throw; the runtime shows `PARAM_INVALID` as the user's to fix (exit 2). */
export type ShapeErrorCode = Extract<ErrorCode, 'PARAM_INVALID' | 'FILTER_UNSUPPORTED'>;

/** A shape refused a param value, or the gadget's BPF object lacks what a run asked for. */
export class ShapeError extends GadgetryError {
  declare readonly code: ShapeErrorCode;

  constructor(code: ShapeErrorCode, message: string) {
    super(code, message);
  }
}
