import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { escapeTerminal } from '@gadgetry/errors';
import type { TrustPolicy } from './TrustPolicy.js';
import { UntrustedPathError } from './UntrustedPathError.js';

function packageDirOf(file: string): string {
  for (let dir = dirname(file); ; ) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return dirname(file);
    dir = parent;
  }
}

function nodeModulesOf(dir: string): string {
  for (let d = dir; ; ) {
    if (basename(d) === 'node_modules') return d;
    const parent = dirname(d);
    if (parent === d) return dir;
    d = parent;
  }
}

/**
 * Resolves `specifier` as Node would from each base in turn (a file path or
 * URL) and imports the first copy that passes the trust rules. A copy that
 * fails them is reported through `warn` and never imported.
 */
export async function importTrusted(
  specifier: string,
  bases: string[],
  trust: TrustPolicy,
  warn: (line: string) => void,
): Promise<Record<string, unknown> | undefined> {
  const tried = new Set<string>();
  for (const base of bases) {
    let path: string;
    try {
      path = createRequire(base).resolve(specifier);
    } catch (err) {
      // guardModuleResolution refused the copy found there
      if (err instanceof UntrustedPathError) warn(`refusing to load ${specifier} for ${escapeTerminal(packageDirOf(base.startsWith('file:') ? fileURLToPath(base) : base))}: ${err.problem.message}`);
      continue; // not installed there
    }
    if (tried.has(path)) continue;
    tried.add(path);
    const packageDir = packageDirOf(path);
    const problem = trust.checkPackage(nodeModulesOf(packageDir), packageDir, path);
    if (problem) {
      warn(`refusing to load ${specifier} from ${escapeTerminal(packageDir)}: ${problem.message}`);
      continue;
    }
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  }
  return undefined;
}
