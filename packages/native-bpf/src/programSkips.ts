import { readdirSync, readFileSync } from 'node:fs';

/** The `key: value` lines of /proc/self/fdinfo/<fd>; empty when the fd is gone. */
function fdinfo(fd: number): Map<string, string> {
  const out = new Map<string, string>();
  let text: string;
  try {
    text = readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) out.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return out;
}

/**
 * How many times the kernel skipped a program instead of running it: a
 * tracing program is not run while another BPF program (or a BPF map call
 * of any process) is running on that CPU, and the kernel only counts it, in
 * the program's `recursion_misses` (Linux 5.12+). Each skip may have been an
 * event. Read from /proc/self/fdinfo: a link's fdinfo names its program's
 * id, and this process's fd of that program carries the count.
 */
export class ProgramSkips {
  /** program id -> this process's fd of the program (-1: none found) */
  readonly #fdOf = new Map<number, number>();
  /** Every program seen behind a link: still counted once its link is closed (the program stays loaded). */
  readonly #ids = new Set<number>();

  /** Notes the program behind a link just made (by the link's fd). */
  track(linkFd: number): void {
    const id = Number(fdinfo(linkFd).get('prog_id') ?? 0);
    if (id > 0) this.#ids.add(id);
  }

  /** Total skips of the programs behind the links tracked so far. */
  count(): number {
    const ids = this.#ids;
    if (ids.size === 0) return 0;
    if ([...ids].some((id) => !this.#fdOf.has(id))) this.#findProgramFds(ids);
    let total = 0;
    for (const id of ids) {
      const fd = this.#fdOf.get(id)!;
      if (fd < 0) continue;
      const info = fdinfo(fd);
      // the fd could have been closed and reused: count only while it is still that program
      if (Number(info.get('prog_id')) !== id) continue;
      total += Number(info.get('recursion_misses') ?? 0) || 0;
    }
    return total;
  }

  /** Finds this process's program fds (they have a prog_type; links have a link_type) for the ids not known yet. */
  #findProgramFds(ids: Set<number>): void {
    let fds: string[];
    try {
      fds = readdirSync('/proc/self/fdinfo');
    } catch {
      return;
    }
    for (const name of fds) {
      const info = fdinfo(Number(name));
      const id = Number(info.get('prog_id') ?? 0);
      if (ids.has(id) && info.has('prog_type') && !this.#fdOf.has(id)) this.#fdOf.set(id, Number(name));
    }
    // ids without a program fd here are not looked for again
    for (const id of ids) if (!this.#fdOf.has(id)) this.#fdOf.set(id, -1);
  }
}
