import { constants } from 'node:os';

const NAMES = new Map<number, string>();
for (const [name, value] of Object.entries(constants.errno)) if (!NAMES.has(value)) NAMES.set(value, name);

/** "ENOENT" for 2; "" for 0. */
export function errnoName(errno: number): string {
  if (errno === 0) return '';
  return NAMES.get(errno) ?? `E${errno}`;
}
