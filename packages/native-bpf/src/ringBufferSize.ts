import { BpfError } from './errors.js';

/** Largest ring buffer a param may ask for, in KiB: 1 GiB, well inside the kernel's u32 size. */
export const MAX_RING_BUFFER_KIB = 1 << 20;

/**
 * Bytes for a ring buffer of `kib` KiB. The kernel wants a power of two that
 * is a multiple of the page size, and the size must fit its 32-bit field;
 * anything else is the user's to fix, refused here rather than wrapped.
 */
export function ringBufferSize(kib: number, param = '--buffer-kb'): number {
  // range first: the bit test below only holds for 32-bit integers
  const ok = Number.isSafeInteger(kib) && kib >= 4 && kib <= MAX_RING_BUFFER_KIB && (kib & (kib - 1)) === 0;
  if (!ok) {
    throw new BpfError(
      'PARAM_INVALID',
      `invalid value ${String(kib).slice(0, 40)} for ${param}: expected a power of two from 4 to ${MAX_RING_BUFFER_KIB} (KiB, up to 1 GiB), e.g. 256, 1024, 4096`,
    );
  }
  return kib * 1024;
}
