import { existsSync, readFileSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ShapeError } from './ShapeError.js';

/**
 * A shared library by its name without version: `libc` matches libc.so.6
 * and libc-2.31.so, `libssl` matches libssl.so.3, never libssl3.so's
 * neighbours such as libssl-foo.so.
 */
export function libraryPattern(name: string): RegExp {
  const n = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${n}(?:\\.so(?:\\.\\d+)*|-[\\d.]+\\.so)$`);
}

/**
 * The file of shared library `name` (`libc`, `libssl`) that process `pid`
 * has mapped, as a path this process can open: through /proc/PID/root, so a
 * container's own copy is the one found. Undefined when it maps none (a
 * static binary, or a program that does not use the library); a pid no
 * process has is refused as a param error naming `flag`.
 */
export function processLibrary(pid: number, name: string, flag = 'pid'): string | undefined {
  let maps: string;
  try {
    maps = readFileSync(`/proc/${pid}/maps`, 'utf8');
  } catch {
    throw new ShapeError('PARAM_INVALID', `invalid value ${pid} for --${flag}: no process has this pid`);
  }
  const pattern = libraryPattern(name);
  for (const line of maps.split('\n')) {
    const at = line.indexOf('/');
    if (at < 0) continue;
    const path = line.slice(at);
    if (path.endsWith(' (deleted)') || !pattern.test(basename(path))) continue;
    return inRootOf(pid, path);
  }
  return undefined;
}

/** `path` in the mount namespace of `pid`, reached through its root; the plain path when that root is ours. */
function inRootOf(pid: number, path: string): string {
  try {
    if (readlinkSync(`/proc/${pid}/root`) === '/' && statSync(`/proc/${pid}/root`).ino === statSync('/').ino) return path;
  } catch {
    // gone meanwhile: the attach will say so
  }
  return `/proc/${pid}/root${path}`;
}

/** Where the dynamic loader looks: /etc/ld.so.conf's directories, then the usual ones. */
function libraryDirs(): string[] {
  const dirs: string[] = [];
  const read = (file: string, depth: number) => {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return;
    }
    for (const raw of text.split('\n')) {
      const line = raw.replace(/#.*/, '').trim();
      const include = /^include\s+(\S+)$/.exec(line);
      if (include && depth < 3) {
        const [dir, glob] = [include[1]!.replace(/\/[^/]*$/, ''), basename(include[1]!)];
        const re = new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
        try {
          for (const f of readdirSync(dir).filter((f) => re.test(f)).sort()) read(join(dir, f), depth + 1);
        } catch {
          // no such directory
        }
      } else if (line.startsWith('/')) dirs.push(line);
    }
  };
  read('/etc/ld.so.conf', 0);
  return [...new Set([...dirs, '/lib64', '/usr/lib64', '/lib', '/usr/lib', '/usr/local/lib'])];
}

/**
 * The host's file of shared library `name` (`libssl`), found where the
 * dynamic loader looks; undefined when there is none.
 */
export function systemLibrary(name: string): string | undefined {
  const pattern = libraryPattern(name);
  for (const dir of libraryDirs()) {
    let files: string[];
    try {
      files = readdirSync(dir);
    } catch {
      continue;
    }
    // the plainest name first: libssl.so.3 before libssl.so.3.0.11
    const found = files.filter((f) => pattern.test(f)).sort((a, b) => a.length - b.length || a.localeCompare(b));
    for (const f of found) if (existsSync(join(dir, f))) return join(dir, f);
  }
  return undefined;
}
