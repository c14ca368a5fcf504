import { GadgetryError } from '@gadgetry/errors';

/** The gadget cannot apply a mount namespace filter in the kernel. */
export class FilterUnsupportedError extends GadgetryError {
  declare readonly code: 'FILTER_UNSUPPORTED';

  constructor(message: string) {
    super('FILTER_UNSUPPORTED', message);
  }
}
