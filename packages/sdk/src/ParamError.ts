import { GadgetryError } from '@gadgetry/errors';

/**
 * A param value the schema let through but the gadget or operator refuses
 * (not a power of two, a pattern that does not compile, two params that
 * exclude each other). Throw it from `init()`, `configure()` or an operator's
 * `instantiate()`: the CLI prints the message as given, with the code
 * PARAM_INVALID, and exits 2. Name the flag and say what is allowed:
 * `new ParamError('--buffer-kb 3000 is not a power of two; use 2048 or 4096')`.
 */
export class ParamError extends GadgetryError {
  declare readonly code: 'PARAM_INVALID';

  constructor(message: string, options?: { cause?: unknown }) {
    super('PARAM_INVALID', message, options);
  }
}
