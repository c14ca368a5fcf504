import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** One entry of this process's fd table, and the BPF objects behind it (by kind and id). */
export interface OwnFd {
  fd: number;
  target: string;
  /** `map 12`, `prog 34`, `link 5`; a link also names its program. */
  bpf: string[];
}

/**
 * This process's fd table, with the BPF object ids behind BPF fds read from
 * /proc/self/fdinfo. Only our own: other sessions load BPF programs meanwhile.
 */
export function ownFds(): OwnFd[] {
  const out: OwnFd[] = [];
  for (const name of readdirSync('/proc/self/fd')) {
    let target: string;
    let info = '';
    try {
      target = readlinkSync(`/proc/self/fd/${name}`);
      if (target.startsWith('anon_inode:bpf')) info = readFileSync(`/proc/self/fdinfo/${name}`, 'utf8');
    } catch {
      continue; // the directory's own fd, or one closed meanwhile
    }
    const bpf = [...info.matchAll(/^(prog|map|link)_id:\s+(\d+)$/gm)].map((m) => `${m[1]} ${m[2]}`);
    out.push({ fd: Number(name), target, bpf });
  }
  return out.sort((a, b) => a.fd - b.fd);
}

/** The fd table as comparable lines: `17 anon_inode:bpf-map`. */
export const fdTable = (fds: OwnFd[]): string[] => fds.map((f) => `${f.fd} ${f.target}`);

/** BPF objects behind fds in `now` that were not in `before`. */
export function newBpfObjects(before: OwnFd[], now: OwnFd[]): string[] {
  const had = new Set(fdTable(before));
  return [...new Set(now.filter((f) => !had.has(`${f.fd} ${f.target}`)).flatMap((f) => f.bpf))];
}

/** True while the kernel still has the BPF object (`prog 12`): asks bpftool by id. */
function bpfObjectExists(object: string): boolean {
  const [kind, id] = object.split(' ');
  try {
    execFileSync('bpftool', ['-j', kind!, 'show', 'id', id!], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** Waits (at most `ms`) until none of `objects` exists; returns those that still do. */
export async function bpfObjectsLeft(objects: string[], ms = 3000): Promise<string[]> {
  const end = Date.now() + ms;
  let left = objects.filter(bpfObjectExists);
  // the kernel frees maps and programs after an RCU grace period, not at close()
  while (left.length > 0 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    left = left.filter(bpfObjectExists);
  }
  return left;
}
