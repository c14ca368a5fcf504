import type { KindFormat } from './KindFormat.js';
import { parseInteger, plainText, smallIntegerOf } from './rawValue.js';

const S_IFMT = 0o170000;
const TYPES = new Map([[0o140000, 's'], [0o120000, 'l'], [0o100000, '-'], [0o60000, 'b'], [0o40000, 'd'], [0o20000, 'c'], [0o10000, 'p']]);

/** rwx for one class, with the special bit shown in the x place as `on` (set and x) or `off` (set, no x). */
function triplet(bits: number, special: boolean, on: string, off: string): string {
  const x = bits & 1 ? (special ? on : 'x') : special ? off : '-';
  return `${bits & 4 ? 'r' : '-'}${bits & 2 ? 'w' : '-'}${x}`;
}

/** A mode_t as ls shows it when it has a file type (-rw-r--r--), else its permission bits in octal (0644). */
export function formatFileMode(mode: number): string {
  const type = TYPES.get(mode & S_IFMT);
  if (type === undefined) return `0${(mode & 0o7777).toString(8).padStart(3, '0')}`;
  return (
    type +
    triplet((mode >> 6) & 7, (mode & 0o4000) !== 0, 's', 'S') +
    triplet((mode >> 3) & 7, (mode & 0o2000) !== 0, 's', 'S') +
    triplet(mode & 7, (mode & 0o1000) !== 0, 't', 'T')
  );
}

/** file_mode: a mode_t as 0644, or -rw-r--r-- when it carries the file type. Users type an octal mode (0644) or a number. */
export const fileModeKind: KindFormat = {
  text(raw) {
    const n = smallIntegerOf(raw);
    return n === undefined || n < 0 ? plainText(raw) : formatFileMode(n);
  },
  parse(input) {
    const t = input.trim();
    if (/^0[0-7]+$/.test(t)) return parseInt(t, 8);
    return parseInteger(t);
  },
  width: () => 10,
  align: 'left',
  example: 'an octal mode, e.g. 0644 (or a pattern: mode:~^d)',
};
