import { readdirSync, readlinkSync } from 'node:fs';

/** A network namespace, and a file to enter it by. */
export interface NetworkNamespace {
  /** Its inode number: what sockets and `ip netns identify` call it. */
  inode: number;
  /** /proc/PID/ns/net of one process in it. */
  path: string;
  /** The namespace of the caller itself: iterate there without entering anything. */
  own: boolean;
}

/**
 * Every network namespace some process is in, each once, the caller's own
 * first: what iterators over sockets walk one by one (Link.readIterator's
 * `netns`). A namespace no process is in (only bind-mounted, as `ip netns
 * add` leaves it) has no sockets of a process either.
 */
export function networkNamespaces(proc = '/proc'): NetworkNamespace[] {
  const found = new Map<number, string>();
  const add = (path: string) => {
    try {
      const m = /^net:\[(\d+)\]$/.exec(readlinkSync(path));
      if (m && !found.has(Number(m[1]))) found.set(Number(m[1]), path);
    } catch {
      // the process exited meanwhile, or is not ours to look into
    }
  };
  add(`${proc}/self/ns/net`);
  for (const entry of readdirSync(proc)) if (/^\d+$/.test(entry)) add(`${proc}/${entry}/ns/net`);
  return [...found].map(([inode, path], i) => ({ inode, path, own: i === 0 }));
}
