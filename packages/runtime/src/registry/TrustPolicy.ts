import { lstatSync, realpathSync, type Stats } from 'node:fs';
import { dirname, sep } from 'node:path';
import { escapeTerminal } from '@gadgetry/errors';

/** What is wrong with a path, and what to do about it, in one line. */
export interface TrustProblem {
  path: string;
  message: string;
}

/**
 * The users whose files may hold code we import: root and the user running
 * gadgetry (for `sudo gadgetry`, the user who ran sudo).
 */
export function invokingOwners(env: NodeJS.ProcessEnv = process.env): number[] {
  const owners = new Set<number>([0]);
  const euid = process.geteuid?.() ?? 0;
  owners.add(euid);
  owners.add(process.getuid?.() ?? euid);
  if (euid === 0 && /^\d+$/.test(env.SUDO_UID ?? '')) owners.add(Number(env.SUDO_UID));
  return [...owners];
}

// One realpath(3) call: the kernel walks the path, where fs.realpathSync's
// own walk lstats every component again for each module the guard checks.
const resolveReal = (path: string): string => realpathSync.native(path);

const GROUP_WRITE = 0o020;
const OTHER_WRITE = 0o002;
const STICKY = 0o1000;

function within(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

function modeText(st: Stats): string {
  return (st.mode & 0o7777).toString(8).padStart(4, '0');
}

/**
 * The rules ssh applies to authorized_keys, for code that runs as root: the
 * file or folder, and every folder above it up to /, must be owned by root or
 * the invoking user and not writable by group or others. A shared folder
 * above the code (such as /tmp) may be writable only if it is sticky, so that
 * nobody else can rename or replace what root owns in it; the code itself
 * (its search root, package folder and entry file) gets no such exception.
 */
export class TrustPolicy {
  private readonly owners: ReadonlySet<number>;
  private readonly stats = new Map<string, Stats | NodeJS.ErrnoException>();

  constructor(owners: number[] = invokingOwners()) {
    this.owners = new Set(owners);
  }

  private lstat(path: string): Stats | NodeJS.ErrnoException {
    let st = this.stats.get(path);
    if (!st) {
      try {
        st = lstatSync(path);
      } catch (err) {
        st = err as NodeJS.ErrnoException;
      }
      this.stats.set(path, st);
    }
    return st;
  }

  private ownersText(): string {
    const users = [...this.owners].filter((u) => u !== 0);
    return users.length ? `root or uid ${users.join(', ')}` : 'root';
  }

  /**
   * Checks `target` (symlinks resolved) and every folder above it. Folders from
   * the target up to `strictFrom` (the search root or package folder holding it)
   * get no sticky-folder exception. Returns undefined when it may be imported.
   */
  check(target: string, kind: 'file' | 'dir', strictFrom?: string): TrustProblem | undefined {
    const problem = (path: string, what: string): TrustProblem => ({ path, message: `${escapeTerminal(path)} ${what}` });
    let real: string;
    try {
      real = resolveReal(target);
    } catch (err) {
      return problem(target, `cannot be resolved (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); reinstall the package`);
    }
    let strictTop = kind === 'dir' ? real : dirname(real);
    if (strictFrom !== undefined) {
      try {
        const top = resolveReal(strictFrom);
        if (within(real, top)) strictTop = top;
      } catch {
        /* the target's own folder stays the strict part */
      }
    }
    for (let path = real, first = true; ; first = false) {
      const st = this.lstat(path);
      if (st instanceof Error) return problem(path, `cannot be checked (${st.code ?? st.message}); try again`);
      if (first && kind === 'file' && !st.isFile()) return problem(path, 'is not a regular file; reinstall the package');
      if (first && kind === 'dir' && !st.isDirectory()) return problem(path, 'is not a directory');
      if (!this.owners.has(st.uid)) {
        return problem(path, `is owned by uid ${st.uid}, not ${this.ownersText()}; if you trust what it holds run chown root ${escapeTerminal(path)}, otherwise remove it`);
      }
      const writable = st.mode & (GROUP_WRITE | OTHER_WRITE);
      if (writable) {
        const by = writable === (GROUP_WRITE | OTHER_WRITE) ? 'its group and others' : writable === GROUP_WRITE ? 'its group' : 'others';
        const strict = within(path, strictTop);
        if (strict || !(st.mode & STICKY) || !st.isDirectory()) {
          const above = strict ? '' : ' and not sticky, and it is above code that runs as root';
          return problem(path, `is writable by ${by} (mode ${modeText(st)})${above}; run chmod go-w ${escapeTerminal(path)}`);
        }
        // A sticky shared folder: its entries can only be renamed by their owner, and the child below was checked above.
      }
      const parent = dirname(path);
      if (parent === path) return undefined;
      path = parent;
    }
  }

  /**
   * Checks what importing a package's entry would trust: the search root it
   * was found in, the package folder and the entry file (symlinks resolved).
   */
  checkPackage(rootDir: string, packageDir: string, entryPath: string): TrustProblem | undefined {
    return this.check(rootDir, 'dir') ?? this.check(packageDir, 'dir', rootDir) ?? this.check(entryPath, 'file', packageDir);
  }
}
