import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { GadgetDescriptor, OperatorDescriptor } from '@gadgetry/sdk';
import type { DiscoveredGadget, DiscoveredOperator, DiscoveredPackage } from '../discovery/discoverGadgets.js';
import { escapeTerminal } from '@gadgetry/errors';
import { GadgetLoadError, GadgetryError } from '../errors.js';
import { MANIFEST_FIELDS, ManifestMismatchError } from './ManifestMismatchError.js';
import type { TrustPolicy } from './TrustPolicy.js';
import { UntrustedPathError } from './UntrustedPathError.js';

/** Whether the package builds its code (a build script): a missing entry then means it was not built. */
function hasBuildScript(packageDir: string): boolean {
  try {
    const json = JSON.parse(readFileSync(`${packageDir}/package.json`, 'utf8')) as { scripts?: { build?: unknown } };
    return typeof json.scripts?.build === 'string';
  } catch {
    return false;
  }
}

/** The build output is missing: one line saying where to build. */
function notBuilt(what: string, found: DiscoveredPackage, missing: string): GadgetryError {
  const file = escapeTerminal(relative(found.packageDir, missing));
  return new GadgetryError('GADGET_NOT_BUILT', `${what} is not built: ${file} does not exist; run npm run build in ${escapeTerminal(found.packageDir)}`);
}

/** The file a failed import could not find, when Node says which. */
function missingModule(err: unknown): string | undefined {
  // Node's code, not one of ours (backquoted, so the scan for unlisted codes passes it by)
  if ((err as { code?: unknown } | null)?.code !== `ERR_MODULE_NOT_FOUND`) return undefined;
  const url = (err as { url?: unknown }).url;
  if (typeof url === 'string' && url.startsWith('file:')) return fileURLToPath(url);
  const named = /Cannot find module '([^']+)'/.exec((err as Error).message ?? '');
  return named && isAbsolute(named[1]!) ? named[1] : undefined;
}

const inside = (dir: string, path: string) => {
  const r = relative(dir, path);
  return r !== '' && !r.startsWith('..') && !isAbsolute(r) && !r.split(/[\\/]/).includes('node_modules');
};

/** Imports a package's entry, after checking that every path it trusts passes the trust rules. */
async function importEntry(found: DiscoveredPackage, what: string, trust: TrustPolicy): Promise<Record<string, unknown>> {
  if (!existsSync(found.entryPath)) {
    if (hasBuildScript(found.packageDir)) throw notBuilt(what, found, found.entryPath);
    throw new GadgetLoadError(`cannot load ${what}: its entry ${escapeTerminal(found.entryPath)} does not exist; fix gadgetry.entry in its package.json or reinstall it`);
  }
  const problem = trust.checkPackage(found.rootDir, found.packageDir, found.entryPath);
  if (problem) throw new UntrustedPathError(what, problem);
  try {
    return (await import(pathToFileURL(found.entryPath).href)) as Record<string, unknown>;
  } catch (err) {
    // A dependency of the package broke the trust rules (see guardModuleResolution).
    if (err instanceof UntrustedPathError) throw new UntrustedPathError(`${err.what}, which ${what} imports`, err.problem);
    // a file of its own build missing (dist/ half there): the package needs building, not reinstalling
    const missing = missingModule(err);
    if (missing && inside(found.packageDir, missing)) throw notBuilt(what, found, missing);
    const message = escapeTerminal((err as Error)?.message ?? String(err));
    throw new GadgetLoadError(`cannot load ${what} from ${escapeTerminal(found.entryPath)}: ${message}`, err);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/**
 * Imports a discovered gadget's entry and checks it exports a descriptor that
 * agrees with the package's manifest (name, description, category, type).
 */
export async function loadGadgetDescriptor(found: DiscoveredGadget, trust: TrustPolicy): Promise<GadgetDescriptor> {
  const what = `gadget "${found.manifest.name}" (${escapeTerminal(found.packageName)})`;
  const mod = await importEntry(found, what, trust);
  const d = mod.default ?? mod.gadget;
  if (!isObject(d) || typeof d.instantiate !== 'function' || !isObject(d.params) || !isObject(d.event)) {
    throw new GadgetLoadError(
      `${what}: ${escapeTerminal(found.entryPath)} must export a descriptor made with defineGadget() as its default export`,
    );
  }
  for (const field of MANIFEST_FIELDS) {
    if (d[field] !== found.manifest[field]) throw new ManifestMismatchError(what, field, found.manifest[field], d[field]);
  }
  return d as unknown as GadgetDescriptor;
}

function isOperator(v: unknown): v is OperatorDescriptor {
  return isObject(v) && typeof v.name === 'string' && typeof v.instantiate === 'function' && typeof v.canOperateOn === 'function';
}

/** Imports a discovered operator package's entry: one operator or an array of them as default export. */
export async function loadOperatorDescriptors(found: DiscoveredOperator, trust: TrustPolicy): Promise<OperatorDescriptor[]> {
  const what = `operator package "${found.manifest.name}" (${escapeTerminal(found.packageName)})`;
  const mod = await importEntry(found, what, trust);
  const d = mod.default ?? mod.operators;
  const list = Array.isArray(d) ? d : [d];
  if (list.length === 0 || !list.every(isOperator)) {
    throw new GadgetLoadError(`${what}: ${escapeTerminal(found.entryPath)} must export operators made with defineOperator() as its default export`);
  }
  return list;
}
