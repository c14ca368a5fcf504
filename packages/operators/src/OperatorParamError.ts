import { GadgetryError } from '@gadgetry/errors';

/** A bad operator param (filter expression, sort field): the user's to fix (exit 2). */
export class OperatorParamError extends GadgetryError {
  declare readonly code: 'PARAM_INVALID';

  constructor(message: string) {
    super('PARAM_INVALID', message);
  }
}
