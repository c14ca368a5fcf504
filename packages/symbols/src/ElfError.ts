import { GadgetryError } from '@gadgetry/errors';

/**
 * A file is not an ELF object the symbolizer can read (not ELF, not 64-bit
 * little-endian, truncated, a table out of bounds or over the size limits).
 * The symbolizer catches it: the file's frames read `[unknown] (file)`.
 */
export class ElfError extends GadgetryError {
  declare readonly code: 'ELF_UNREADABLE';

  constructor(message: string) {
    super('ELF_UNREADABLE', message);
  }
}
