import { pathToFileURL } from 'node:url';
import type { GadgetDescriptor, OperatorDescriptor } from '@gadgetry/sdk';
import type { DiscoveredGadget, DiscoveredOperator } from '../discovery/discoverGadgets.js';
import { GadgetLoadError } from '../errors.js';

async function importEntry(entryPath: string, what: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(entryPath).href)) as Record<string, unknown>;
  } catch (err) {
    throw new GadgetLoadError(`cannot load ${what} from ${entryPath}: ${(err as Error).message}`, err);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Imports a discovered gadget's entry and checks it exports a matching descriptor. */
export async function loadGadgetDescriptor(found: DiscoveredGadget): Promise<GadgetDescriptor> {
  const what = `gadget "${found.manifest.name}" (${found.packageName})`;
  const mod = await importEntry(found.entryPath, what);
  const d = mod.default ?? mod.gadget;
  if (!isObject(d) || typeof d.instantiate !== 'function' || !isObject(d.params) || !isObject(d.event)) {
    throw new GadgetLoadError(
      `${what}: ${found.entryPath} must export a descriptor made with defineGadget() as its default export`,
    );
  }
  if (d.name !== found.manifest.name) {
    throw new GadgetLoadError(
      `${what}: package.json names the gadget "${found.manifest.name}" but its descriptor says "${String(d.name)}"`,
    );
  }
  return d as unknown as GadgetDescriptor;
}

function isOperator(v: unknown): v is OperatorDescriptor {
  return isObject(v) && typeof v.name === 'string' && typeof v.instantiate === 'function' && typeof v.canOperateOn === 'function';
}

/** Imports a discovered operator package's entry: one operator or an array of them as default export. */
export async function loadOperatorDescriptors(found: DiscoveredOperator): Promise<OperatorDescriptor[]> {
  const what = `operator package "${found.manifest.name}" (${found.packageName})`;
  const mod = await importEntry(found.entryPath, what);
  const d = mod.default ?? mod.operators;
  const list = Array.isArray(d) ? d : [d];
  if (list.length === 0 || !list.every(isOperator)) {
    throw new GadgetLoadError(`${what}: ${found.entryPath} must export operators made with defineOperator() as its default export`);
  }
  return list;
}
