// After `changeset version`: every gadget and operator declares the SDK range
// it was built against twice, as its @gadgetry/sdk peer dependency (what npm
// installs) and as `gadgetry.sdk` in its manifest (what the runtime checks).
// Changesets moves the first when a breaking SDK release leaves it; this
// makes the second follow.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Sets `gadgetry.sdk` to the @gadgetry/sdk peer range in each package.json
 * under `root` listed in `packageDirs`; returns the packages it changed.
 */
export function syncSdkRanges(root, packageDirs) {
  const changed = [];
  for (const dir of packageDirs) {
    const file = join(root, dir, 'package.json');
    const text = readFileSync(file, 'utf8');
    const pkg = JSON.parse(text);
    const peer = pkg.peerDependencies?.['@gadgetry/sdk'];
    if (!pkg.gadgetry || !peer || pkg.gadgetry.sdk === peer) continue;
    changed.push({ name: pkg.name, from: pkg.gadgetry.sdk, to: peer });
    pkg.gadgetry.sdk = peer;
    writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  }
  return changed;
}
