import type { KindFormat } from './KindFormat.js';
import { integerOf, parseInteger, plainText } from './rawValue.js';

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** A byte count as people read it: 512 B, 4.0 KiB, 1.5 MiB (powers of 1024). */
export function formatBytes(bytes: number | bigint): string {
  const n = Number(bytes);
  const abs = Math.abs(n);
  if (abs < 1024) return `${n} B`;
  let v = n / 1024;
  let unit = 0;
  while (Math.abs(v) >= 1024 && unit < UNITS.length - 1) {
    v /= 1024;
    unit++;
  }
  return `${v.toFixed(1)} ${UNITS[unit]}`;
}

const FACTORS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3, t: 1024 ** 4, tb: 1024 ** 4, tib: 1024 ** 4 };

/** "4KiB", "1.5 MiB", "4k" (powers of 1024) or a number of bytes. */
export function parseBytes(input: string): number | bigint | undefined {
  const n = parseInteger(input);
  if (n !== undefined) return n;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(input);
  const factor = m ? FACTORS[m[2]!.toLowerCase()] : undefined;
  return m && factor !== undefined ? Math.round(Number(m[1]) * factor) : undefined;
}

/** bytes: a byte count as 4.0 KiB in columns; users compare with 4KiB, 1.5M or a number. */
export const bytesKind: KindFormat = {
  text(raw) {
    const n = integerOf(raw);
    return n === undefined ? plainText(raw) : formatBytes(n);
  },
  parse: (input) => parseBytes(input),
  width: () => 10,
  rawWidth: 12,
  align: 'right',
  example: 'a size, e.g. 4KiB, 1.5M, or a number of bytes',
};
