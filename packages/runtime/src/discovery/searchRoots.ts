import { existsSync } from 'node:fs';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SearchRoot {
  /** A node_modules-like folder of packages, or one package folder. */
  dir: string;
  /** Where it came from, shown in listings and problem lines. */
  source: 'path' | 'project' | 'runtime';
}

export interface SearchRootOptions {
  /** `--gadget-path` values, highest precedence. */
  gadgetPaths?: string[];
  /** `GADGETRY_PATH`, colon-separated. */
  envPath?: string;
  /** The current project's folder; node_modules of it and its ancestors are searched. */
  cwd?: string;
  /** The folder the runtime is installed in; defaults to this package's own. */
  runtimeDir?: string;
}

/** node_modules folders at and above `start`, nearest first (Node's own resolution order). */
function nodeModulesAbove(start: string): string[] {
  const out: string[] = [];
  let dir = resolve(start);
  for (;;) {
    if (basename(dir) === 'node_modules') out.push(dir);
    else if (existsSync(join(dir, 'node_modules'))) out.push(join(dir, 'node_modules'));
    const parent = dirname(dir);
    if (parent === dir) return out;
    dir = parent;
  }
}

export function defaultRuntimeDir(): string {
  // dist/ (or src/ under tests) sits one level below the package folder
  return dirname(dirname(fileURLToPath(import.meta.url)));
}

/** The folders discovery scans, in precedence order, without duplicates. */
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
  for (const p of nodeModulesAbove(options.cwd ?? process.cwd())) add(p, 'project');
  for (const p of nodeModulesAbove(options.runtimeDir ?? defaultRuntimeDir())) add(p, 'runtime');
  return roots;
}
