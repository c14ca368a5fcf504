import type { KindFormat } from './KindFormat.js';
import { plainText } from './rawValue.js';

const isByte = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 255;

/** The 16 (or 4) bytes of an address, from an array of numbers or a byte array; undefined for anything else. */
function bytesOf(raw: unknown): ArrayLike<number> | undefined {
  if (raw instanceof Uint8Array) return raw.length === 16 || raw.length === 4 ? raw : undefined;
  if (Array.isArray(raw) && (raw.length === 16 || raw.length === 4) && raw.every(isByte)) return raw as number[];
  return undefined;
}

const V4_MAPPED = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** IPv6 text as RFC 5952 writes it: lower-case hex, the longest run of two or more zero groups as "::". */
function ipv6Text(b: ArrayLike<number>): string {
  const groups = Array.from({ length: 8 }, (_, i) => (b[2 * i]! << 8) | b[2 * i + 1]!);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(':');
  if (best < 0) return hex(groups);
  return `${hex(groups.slice(0, best))}::${hex(groups.slice(best + bestLen))}`;
}

/** An address as text: IPv4 (and IPv4-mapped IPv6) as a dotted quad, IPv6 as RFC 5952 writes it. */
export function formatIp(raw: unknown): string {
  const b = bytesOf(raw);
  if (!b) return plainText(raw);
  if (b.length === 4) return Array.from(b).join('.');
  if (V4_MAPPED.every((v, i) => b[i] === v)) return Array.from(b).slice(12).join('.');
  return ipv6Text(b);
}

/** ip: `__u8 addr[16]`, IPv6 or IPv4-mapped (::ffff:a.b.c.d), shown as 127.0.0.1 or ::1. Users compare with the text. */
export const ipKind: KindFormat = {
  text: (raw) => formatIp(raw),
  // a dotted quad, or most IPv6 addresses in use (the longest, 39 characters, are cut)
  width: () => 26,
  rawWidth: 16,
  align: 'left',
  example: 'an address as shown, e.g. 127.0.0.1 or ::1 (or a pattern: addr:~^10\\.)',
};

/** port: a port number in host byte order, shown as is. */
export const portKind: KindFormat = {
  text: (raw) => plainText(raw),
  width: () => 5,
  align: 'right',
  example: 'a port number, e.g. 8080',
  identity: true,
};
