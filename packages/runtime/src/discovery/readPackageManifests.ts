import { readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { readManifestFile } from './readManifestFile.js';
import { escapeTerminal } from '@gadgetry/errors';

export interface RawPackage {
  /** Real path of the package folder (symlinks resolved, so workspaces count once). */
  dir: string;
  json: Record<string, unknown>;
}

export interface UnreadablePackage {
  dir: string;
  reason: string;
}

// Cheap pre-check on the bytes: most packages in node_modules are not gadgets, and are never decoded.
const GADGETRY_KEY = Buffer.from('"gadgetry"');

function readOne(dir: string, found: RawPackage[], broken: UnreadablePackage[]): void {
  const read = readManifestFile(join(dir, 'package.json'), { mustContain: GADGETRY_KEY });
  if ('missing' in read || 'without' in read) return; // not a package folder, or not a gadget's
  if ('refused' in read) {
    broken.push({ dir, reason: escapeTerminal(read.refused) });
    return;
  }
  let real = dir;
  try {
    real = realpathSync(dir);
  } catch {
    /* keep the given path */
  }
  try {
    const json = JSON.parse(read.text) as unknown;
    if (json && typeof json === 'object' && 'gadgetry' in json) found.push({ dir: real, json: json as Record<string, unknown> });
  } catch (err) {
    broken.push({ dir: real, reason: `package.json is not valid JSON (${escapeTerminal((err as Error).message)})` });
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
  // Sorted, so which of two same-named packages in one folder is reported first does not depend on the file system.
  for (const name of entries.sort()) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) {
      let scoped: string[];
      try {
        scoped = readdirSync(join(root, name));
      } catch {
        continue;
      }
      for (const inner of scoped.sort()) readOne(join(root, name, inner), found, broken);
    } else {
      readOne(join(root, name), found, broken);
    }
  }
  return { found, broken };
}
