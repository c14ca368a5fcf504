// The workspace's packages, as npm's `workspaces` globs in the root package.json name them.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** [{ dir (relative to root), name, version, private }] for every workspace package. */
export function workspacePackages(root) {
  const { workspaces = [] } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const found = [];
  for (const glob of workspaces) {
    if (!glob.endsWith('/*')) throw new Error(`workspace pattern ${glob} is not <folder>/*`);
    const parent = glob.slice(0, -2);
    for (const entry of readdirSync(join(root, parent)).sort()) {
      const file = join(root, parent, entry, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      found.push({ dir: `${parent}/${entry}`, name: pkg.name, version: pkg.version, private: pkg.private === true });
    }
  }
  return found;
}
