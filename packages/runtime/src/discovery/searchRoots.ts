import { existsSync, realpathSync } from 'node:fs';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SearchRoot {
  /** A node_modules-like folder of packages, or one package folder. */
  dir: string;
  /**
   * Where it came from, shown in listings and problem lines: `path` for a
   * folder the user named (--gadget-path, GADGETRY_PATH), `runtime` for the
   * node_modules the runtime is installed in.
   */
  source: 'path' | 'runtime';
}

export interface SearchRootOptions {
  /** `--gadget-path` values, highest precedence. */
  gadgetPaths?: string[];
  /** `GADGETRY_PATH`, colon-separated. */
  envPath?: string;
  /** The folder the runtime is installed in; defaults to this package's own. */
  runtimeDir?: string;
  /**
   * Package folders the runtime came with, such as the `gadgetry` CLI package
   * whose dependency it is: the node_modules each is installed in (the global
   * prefix's, or a project's) is searched after the runtime's own, so gadgets
   * installed beside the CLI (`npm i -g gadget-x`) are found.
   */
  installDirs?: string[];
}

const RUNTIME_PACKAGE = ['@gadgetry', 'runtime'];

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** The runtime's package folder: the nearest folder above this module with a package.json. */
export function defaultRuntimeDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return dir;
}

/**
 * The node_modules the runtime is installed in: the one holding it (a project
 * install, or the global prefix), or for a workspace checkout the one that
 * links @gadgetry/runtime to it. Folders above it are never searched: anyone
 * who can write to /tmp could otherwise plant code that root imports.
 */
export function runtimeNodeModules(runtimeDir: string): string | undefined {
  const real = realOrResolved(runtimeDir);
  for (let dir = real; ; ) {
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    if (basename(parent) === 'node_modules') return parent;
    const linked = join(parent, 'node_modules');
    if (existsSync(join(linked, ...RUNTIME_PACKAGE)) && realOrResolved(join(linked, ...RUNTIME_PACKAGE)) === real) return linked;
    dir = parent;
  }
}

/**
 * The folders discovery scans, in precedence order, without duplicates. The
 * working directory and its ancestors are not among them: gadgets there are
 * run by naming their folder with --gadget-path or GADGETRY_PATH.
 */
export function searchRoots(options: SearchRootOptions = {}): SearchRoot[] {
  const roots: SearchRoot[] = [];
  const seen = new Set<string>();
  const add = (dir: string, source: SearchRoot['source']) => {
    const abs = resolve(dir);
    if (seen.has(abs)) return;
    seen.add(abs);
    roots.push({ dir: abs, source });
  };
  for (const p of options.gadgetPaths ?? []) add(p, 'path');
  for (const p of (options.envPath ?? '').split(delimiter)) if (p) add(p, 'path');
  const own = runtimeNodeModules(options.runtimeDir ?? defaultRuntimeDir());
  if (own) add(own, 'runtime');
  for (const dir of options.installDirs ?? []) {
    const beside = runtimeNodeModules(dir);
    if (beside) add(beside, 'runtime');
  }
  return roots;
}
