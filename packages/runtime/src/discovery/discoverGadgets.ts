import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { GadgetManifest, OperatorManifest } from '@gadgetry/sdk';
import semver from 'semver';
import { readPackageManifests } from './readPackageManifests.js';
import { searchRoots, type SearchRoot, type SearchRootOptions } from './searchRoots.js';
import { SDK_VERSION } from '../sdkVersion.js';

interface DiscoveredPackage {
  packageName: string;
  version: string;
  packageDir: string;
  /** Absolute path of the module to import. */
  entryPath: string;
  source: SearchRoot['source'];
}

export interface DiscoveredGadget extends DiscoveredPackage {
  manifest: GadgetManifest;
}

export interface DiscoveredOperator extends DiscoveredPackage {
  manifest: OperatorManifest;
}

export interface Discovery {
  gadgets: DiscoveredGadget[];
  operators: DiscoveredOperator[];
  /** One line per package that could not be used, saying why. */
  problems: string[];
}

export interface DiscoverOptions extends SearchRootOptions {
  /** SDK version the runtime provides; packages must declare a range that includes it. */
  sdkVersion?: string;
}

function firstError(schema: typeof GadgetManifest | typeof OperatorManifest, value: unknown): string {
  const e = Value.Errors(schema, value).First();
  return e ? `gadgetry${e.path.replace(/\//g, '.')}: ${e.message}` : 'invalid';
}

/**
 * Finds gadget and operator packages by reading package.json manifests only.
 * Earlier search roots win over later ones when two packages share a name.
 */
export function discoverGadgets(options: DiscoverOptions = {}): Discovery {
  const sdkVersion = options.sdkVersion ?? SDK_VERSION;
  const result: Discovery = { gadgets: [], operators: [], problems: [] };
  const seenDirs = new Set<string>();
  const byName = new Map<string, DiscoveredPackage>();

  for (const root of searchRoots(options)) {
    const { found, broken } = readPackageManifests(root.dir);
    for (const b of broken) result.problems.push(`${b.dir}: ${b.reason}`);
    for (const pkg of found) {
      if (seenDirs.has(pkg.dir)) continue;
      seenDirs.add(pkg.dir);
      const packageName = typeof pkg.json.name === 'string' ? pkg.json.name : pkg.dir;
      const version = typeof pkg.json.version === 'string' ? pkg.json.version : '0.0.0';
      const manifest = pkg.json.gadgetry as Record<string, unknown> | null;
      const isOperator = manifest?.kind === 'operator';
      const schema = isOperator ? OperatorManifest : GadgetManifest;
      if (!Value.Check(schema, manifest)) {
        result.problems.push(`${packageName} (${pkg.dir}): invalid manifest, ${firstError(schema, manifest)}`);
        continue;
      }
      const range = manifest!.sdk as string;
      if (!semver.validRange(range) || !semver.satisfies(sdkVersion, range, { includePrerelease: true })) {
        result.problems.push(
          `${packageName}: built for @gadgetry/sdk ${range}, but this runtime provides ${sdkVersion}; upgrade the package or the runtime`,
        );
        continue;
      }
      const name = manifest!.name as string;
      const key = `${isOperator ? 'operator' : 'gadget'}:${name}`;
      const previous = byName.get(key);
      if (previous) {
        result.problems.push(
          `${packageName} (${pkg.dir}): ${isOperator ? 'operator' : 'gadget'} name "${name}" is already provided by ${previous.packageName} (${previous.packageDir}); ignoring this one`,
        );
        continue;
      }
      const entry: DiscoveredPackage = {
        packageName,
        version,
        packageDir: pkg.dir,
        entryPath: join(pkg.dir, manifest!.entry as string),
        source: root.source,
      };
      byName.set(key, entry);
      if (isOperator) result.operators.push({ ...entry, manifest: manifest as OperatorManifest });
      else result.gadgets.push({ ...entry, manifest: manifest as GadgetManifest });
    }
  }
  result.gadgets.sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
  return result;
}
