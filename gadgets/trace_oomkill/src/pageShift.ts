import { readFileSync } from 'node:fs';

/** The auxiliary vector entry that holds the page size. */
const AT_PAGESZ = 6n;

/**
 * log2 of this system's page size, from the auxiliary vector the kernel gave
 * this process (/proc/self/auxv: pairs of 64-bit words, type then value);
 * 12 (4 KiB) when it cannot be read.
 */
export function pageShift(auxv = '/proc/self/auxv'): number {
  let data: Buffer;
  try {
    data = readFileSync(auxv);
  } catch {
    return 12;
  }
  for (let off = 0; off + 16 <= data.length; off += 16) {
    const type = data.readBigUInt64LE(off);
    if (type === 0n) break; // AT_NULL ends the vector
    if (type !== AT_PAGESZ) continue;
    const size = data.readBigUInt64LE(off + 8);
    if (size === 0n || (size & (size - 1n)) !== 0n) return 12;
    return size.toString(2).length - 1;
  }
  return 12;
}
