import { ParamError } from '@gadgetry/sdk';

/** A bad operator param (filter expression, sort field): the user's to fix (exit 2). */
export class OperatorParamError extends ParamError {}
