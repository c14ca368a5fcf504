import type { Collection } from './Collection.js';
import { BpfError } from './errors.js';

/** Structurally the SDK's MountNsFilter: the mount namespaces to keep, over time. */
export interface MountNsIds {
  ids(): number[];
  onChange(listener: (ids: number[]) => void): () => void;
}

const MAP = 'gadget_mntns_filter';
const ENABLE = 'gadget_filter_by_mntns';

/** Globals to set before load so the object's programs consult the filter map. */
export function mountNsFilterGlobals(filter: MountNsIds | undefined): Record<string, boolean> {
  return filter ? { [ENABLE]: true } : {};
}

function key(id: number): Buffer {
  const k = Buffer.alloc(8);
  k.writeBigUInt64LE(BigInt(id));
  return k;
}

/**
 * Keeps the object's gadget_mntns_filter map equal to the filter's ids, now
 * and whenever they change. Returns the function that stops following them.
 * The object must include <gadgetry/mntns_filter.h>.
 */
export function applyMountNsFilter(collection: Collection, filter: MountNsIds): () => void {
  if (!collection.maps.has(MAP)) {
    throw new BpfError('FILTER_UNSUPPORTED', `the BPF object has no ${MAP} map; include <gadgetry/mntns_filter.h> to filter by container`);
  }
  const map = collection.map(MAP);
  const one = Buffer.from([1]);
  let current = new Set<number>();
  const sync = (ids: number[]) => {
    if (collection.closed) return;
    const next = new Set(ids);
    for (const id of current) if (!next.has(id)) map.delete(key(id));
    for (const id of next) if (!current.has(id)) map.update(key(id), one);
    current = next;
  };
  sync(filter.ids());
  return filter.onChange(sync);
}
