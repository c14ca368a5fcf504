/** A bad operator param (filter expression, sort field): the user's to fix. */
export class OperatorParamError extends Error {
  readonly code = 'PARAM_INVALID';

  constructor(message: string) {
    super(message);
    this.name = 'OperatorParamError';
  }
}
