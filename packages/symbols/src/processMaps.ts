/** One mapping of /proc/<pid>/maps. */
export interface Mapping {
  start: bigint;
  end: bigint;
  /** Offset in the file of `start`. */
  offset: number;
  executable: boolean;
  /** The file, "[vdso]" and the like, or "" for anonymous memory. */
  path: string;
  /** The file was deleted after it was mapped (" (deleted)" in maps). */
  deleted: boolean;
  /** Device and inode of the file ("08:01 1234"): which file, when the same address is mapped again. */
  file: string;
}

/** Lines of one maps file read at most. */
export const MAPS_MAX_LINES = 65536;

const LINE = /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) ([0-9a-f]+) (\S+ \d+)\s*(.*)$/;

/** Parses /proc/<pid>/maps text; lines that do not parse are skipped. */
export function parseMaps(text: string): Mapping[] {
  const out: Mapping[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && i < MAPS_MAX_LINES; i++) {
    const m = LINE.exec(lines[i]!);
    if (!m) continue;
    let path = m[6]!;
    const deleted = path.endsWith(' (deleted)');
    if (deleted) path = path.slice(0, -' (deleted)'.length);
    const offset = Number.parseInt(m[4]!, 16);
    if (!Number.isSafeInteger(offset)) continue;
    out.push({ start: BigInt(`0x${m[1]}`), end: BigInt(`0x${m[2]}`), offset, executable: m[3]![2] === 'x', path, deleted, file: m[5]! });
  }
  // the kernel lists them in address order; sorted again so the lookup's binary search holds for any input
  return out.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

/** The executable mapping that holds `address`. */
export function mappingAt(maps: Mapping[], address: bigint): Mapping | undefined {
  let lo = 0;
  let hi = maps.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const m = maps[mid]!;
    if (address < m.start) hi = mid - 1;
    else if (address >= m.end) lo = mid + 1;
    else return m.executable ? m : undefined;
  }
  return undefined;
}
