import { BpfError } from './errors.js';

/**
 * Bytes for a ring buffer of `kib` KiB. The kernel wants a power of two that
 * is a multiple of the page size; anything else is the user's to fix.
 */
export function ringBufferSize(kib: number, param = '--buffer-kb'): number {
  const bytes = kib * 1024;
  if (!Number.isInteger(kib) || kib < 4 || (bytes & (bytes - 1)) !== 0) {
    throw new BpfError('PARAM_INVALID', `invalid value ${kib} for ${param}: expected a power of two of at least 4 (KiB), e.g. 256, 1024, 4096`);
  }
  return bytes;
}
