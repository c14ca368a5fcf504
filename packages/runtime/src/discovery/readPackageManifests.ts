import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

export interface RawPackage {
  /** Real path of the package folder (symlinks resolved, so workspaces count once). */
  dir: string;
  json: Record<string, unknown>;
}

export interface UnreadablePackage {
  dir: string;
  reason: string;
}

function readOne(dir: string, found: RawPackage[], broken: UnreadablePackage[]): void {
  let text: string;
  try {
    text = readFileSync(join(dir, 'package.json'), 'utf8');
  } catch {
    return; // not a package folder
  }
  // Cheap pre-check: most packages in node_modules are not gadgets.
  if (!text.includes('"gadgetry"')) return;
  let real = dir;
  try {
    real = realpathSync(dir);
  } catch {
    /* keep the given path */
  }
  try {
    const json = JSON.parse(text) as unknown;
    if (json && typeof json === 'object' && 'gadgetry' in json) found.push({ dir: real, json: json as Record<string, unknown> });
  } catch (err) {
    broken.push({ dir: real, reason: `package.json is not valid JSON (${(err as Error).message})` });
  }
}

/**
 * Reads the package.json of every package with a `gadgetry` field in `root`.
 * `root` may be a node_modules-like folder (scoped folders included) or a
 * single package folder. Never imports package code.
 */
export function readPackageManifests(root: string): { found: RawPackage[]; broken: UnreadablePackage[] } {
  const found: RawPackage[] = [];
  const broken: UnreadablePackage[] = [];
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return { found, broken };
  }
  if (entries.includes('package.json')) {
    readOne(root, found, broken);
    return { found, broken };
  }
  for (const name of entries) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) {
      let scoped: string[];
      try {
        scoped = readdirSync(join(root, name));
      } catch {
        continue;
      }
      for (const inner of scoped) readOne(join(root, name, inner), found, broken);
    } else {
      readOne(join(root, name), found, broken);
    }
  }
  return { found, broken };
}
