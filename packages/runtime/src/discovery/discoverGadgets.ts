import { statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { GadgetManifest, OperatorManifest } from '@gadgetry/sdk';
// the two functions, not the whole package (its index loads ~50 modules)
import satisfies from 'semver/functions/satisfies.js';
import validRange from 'semver/ranges/valid.js';
import { escapeTerminal, type ErrorCode } from '@gadgetry/errors';
import { readPackageManifests } from './readPackageManifests.js';
import { searchRoots, type SearchRoot, type SearchRootOptions } from './searchRoots.js';
import { SDK_VERSION } from '../sdkVersion.js';

export interface DiscoveredPackage {
  packageName: string;
  version: string;
  packageDir: string;
  /** Absolute path of the module to import. */
  entryPath: string;
  source: SearchRoot['source'];
  /** The search root it was found in; checked with the package before its code is imported. */
  rootDir: string;
  /** Position of that root in the search order: lower wins. */
  rootRank: number;
}

/** Other packages offering the same name, found after the one that won. */
interface Shadowing {
  shadowed: DiscoveredPackage[];
}

export interface DiscoveredGadget extends DiscoveredPackage, Shadowing {
  manifest: GadgetManifest;
}

export interface DiscoveredOperator extends DiscoveredPackage, Shadowing {
  manifest: OperatorManifest;
}

/** Codes of what discovery reports about packages it found (docs/errors.md says what each means). */
export type DiscoveryProblemCode = Extract<
  ErrorCode,
  | 'PACKAGE_JSON_UNREADABLE'
  | 'MANIFEST_INVALID'
  | 'SDK_INCOMPATIBLE'
  | 'GADGET_SHADOWED'
  | 'OPERATOR_SHADOWED'
  | 'GADGET_OVERRIDDEN'
  | 'OPERATOR_OVERRIDDEN'
  | 'GADGET_PATH_MISSING'
>;

/** A package discovery could not use, or a clash between two: one warning line for the CLI. */
export interface DiscoveryProblem {
  code: DiscoveryProblemCode;
  /** The package's name, as its package.json gives it (absent when it could not be read). */
  package?: string;
  /** The package's folder. */
  path?: string;
  /** One line saying what is wrong and what to do, names and paths escaped for a terminal. */
  message: string;
}

/** A package that names a gadget or operator but cannot be used, and why. */
export interface RejectedPackage {
  kind: 'gadget' | 'operator';
  name: string;
  packageName: string;
  packageDir: string;
  code: 'MANIFEST_INVALID' | 'SDK_INCOMPATIBLE';
  reason: string;
}

export interface Discovery {
  gadgets: DiscoveredGadget[];
  operators: DiscoveredOperator[];
  /** One per package that could not be used or clashes with another, saying why. */
  problems: DiscoveryProblem[];
  /** Packages that name a gadget or operator but were rejected, so `run` can say why. */
  rejected: RejectedPackage[];
}

export interface DiscoverOptions extends SearchRootOptions {
  /** SDK version the runtime provides; packages must declare a range that includes it. */
  sdkVersion?: string;
}

function firstError(schema: typeof GadgetManifest | typeof OperatorManifest, value: unknown): string {
  const m = value as Record<string, unknown> | null;
  if (m?.kind === 'operator' && m.appliesTo === undefined) {
    return 'gadgetry.appliesTo is missing: say which gadgets the operator is for ("all", or { "kinds": [...], "types": [...], "gadgets": [...] })';
  }
  const e = Value.Errors(schema, value).First();
  return e ? `gadgetry${e.path.replace(/\//g, '.')}: ${e.message}` : 'invalid';
}

function isFolder(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** True when the winner was picked by the user: it comes from a folder they named, ahead of the other's. */
export function chosenOver(winner: DiscoveredPackage, other: DiscoveredPackage): boolean {
  return winner.source === 'path' && winner.rootRank < other.rootRank;
}

function shadowProblem(kind: 'gadget' | 'operator', name: string, winner: DiscoveredPackage, other: DiscoveredPackage): DiscoveryProblem {
  const a = `${escapeTerminal(winner.packageName)} (${escapeTerminal(winner.packageDir)})`;
  const b = `${escapeTerminal(other.packageName)} (${escapeTerminal(other.packageDir)})`;
  const shown = escapeTerminal(name);
  const where = { package: other.packageName, path: other.packageDir };
  if (chosenOver(winner, other)) {
    const code = kind === 'gadget' ? 'GADGET_OVERRIDDEN' : 'OPERATOR_OVERRIDDEN';
    return { code, ...where, message: `${kind} "${shown}": ${a}, from a folder given with --gadget-path or GADGETRY_PATH, is used instead of ${b}` };
  }
  const code = kind === 'gadget' ? 'GADGET_SHADOWED' : 'OPERATOR_SHADOWED';
  return { code, ...where, message: `${kind} "${shown}" is offered by both ${a} and ${b}; run and describe refuse it until you remove one or pass the folder of the one you want with --gadget-path` };
}

/**
 * Finds gadget and operator packages by reading package.json manifests only;
 * nothing is imported and nothing is checked for trust here (that happens for
 * the few packages about to be imported), so listing stays cheap.
 */
export function discoverGadgets(options: DiscoverOptions = {}): Discovery {
  const sdkVersion = options.sdkVersion ?? SDK_VERSION;
  const result: Discovery = { gadgets: [], operators: [], problems: [], rejected: [] };
  const seenDirs = new Set<string>();
  const byName = new Map<string, DiscoveredGadget | DiscoveredOperator>();

  searchRoots(options).forEach((root, rootRank) => {
    if (root.source === 'path' && !isFolder(root.dir)) {
      result.problems.push({ code: 'GADGET_PATH_MISSING', path: root.dir, message: `gadget path ${escapeTerminal(root.dir)} (from --gadget-path or GADGETRY_PATH) is not a folder; nothing is found there` });
      return;
    }
    const { found, broken } = readPackageManifests(root.dir);
    for (const b of broken) result.problems.push({ code: 'PACKAGE_JSON_UNREADABLE', path: b.dir, message: `${escapeTerminal(b.dir)}: ${b.reason}` });
    for (const pkg of found) {
      if (seenDirs.has(pkg.dir)) continue;
      seenDirs.add(pkg.dir);
      const packageName = typeof pkg.json.name === 'string' ? pkg.json.name : pkg.dir;
      const shownName = escapeTerminal(packageName);
      const version = typeof pkg.json.version === 'string' ? pkg.json.version : '0.0.0';
      const manifest = pkg.json.gadgetry as Record<string, unknown> | null;
      const isOperator = manifest?.kind === 'operator';
      const kind = isOperator ? 'operator' : 'gadget';
      const schema = isOperator ? OperatorManifest : GadgetManifest;
      const claimed = typeof manifest?.name === 'string' ? manifest.name : undefined;
      const reject = (code: RejectedPackage['code'], reason: string) => {
        result.problems.push({ code, package: packageName, path: pkg.dir, message: `${shownName} (${escapeTerminal(pkg.dir)}): ${reason}` });
        if (claimed !== undefined) result.rejected.push({ kind, name: claimed, packageName, packageDir: pkg.dir, code, reason });
      };
      if (!Value.Check(schema, manifest)) {
        reject('MANIFEST_INVALID', `invalid manifest, ${escapeTerminal(firstError(schema, manifest))}`);
        continue;
      }
      const entryPath = join(pkg.dir, manifest!.entry as string);
      const inside = relative(pkg.dir, entryPath);
      if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
        reject('MANIFEST_INVALID', `invalid manifest, gadgetry.entry must name a file inside the package`);
        continue;
      }
      const range = manifest!.sdk as string;
      if (!validRange(range) || !satisfies(sdkVersion, range, { includePrerelease: true })) {
        reject('SDK_INCOMPATIBLE', `built for @gadgetry/sdk ${escapeTerminal(range)}, but this runtime provides ${sdkVersion}; upgrade the package or the runtime`);
        continue;
      }
      const name = manifest!.name as string;
      const entry: DiscoveredPackage = { packageName, version, packageDir: pkg.dir, entryPath, source: root.source, rootDir: root.dir, rootRank };
      const previous = byName.get(`${kind}:${name}`);
      if (previous) {
        previous.shadowed.push(entry);
        result.problems.push(shadowProblem(kind, name, previous, entry));
        continue;
      }
      if (isOperator) {
        const op: DiscoveredOperator = { ...entry, manifest: manifest as OperatorManifest, shadowed: [] };
        byName.set(`${kind}:${name}`, op);
        result.operators.push(op);
      } else {
        const gadget: DiscoveredGadget = { ...entry, manifest: manifest as GadgetManifest, shadowed: [] };
        byName.set(`${kind}:${name}`, gadget);
        result.gadgets.push(gadget);
      }
    }
  });
  result.gadgets.sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
  return result;
}
