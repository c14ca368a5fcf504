import { readFileSync, readlinkSync } from 'node:fs';

/** Mount namespace id of a process, or 0 when it is gone or unreadable. */
export function mountNsOf(pid: number, procRoot = '/proc'): number {
  try {
    const m = /\[(\d+)\]/.exec(readlinkSync(`${procRoot}/${pid}/ns/mnt`));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The cgroup paths of a process (every hierarchy), or [] when it is gone. */
export function cgroupPathsOf(pid: number, procRoot = '/proc'): string[] {
  try {
    return readFileSync(`${procRoot}/${pid}/cgroup`, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.slice(l.indexOf(':', l.indexOf(':') + 1) + 1));
  } catch {
    return [];
  }
}
