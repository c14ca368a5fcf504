import type { Collection } from '@gadgetry/native-bpf';
import type { MountNsFilter } from '@gadgetry/sdk';
import { ShapeError } from './ShapeError.js';

/** The map and the switch of <gadgetry/mntns_filter.h>. */
export const MNTNS_FILTER_MAP = 'gadget_mntns_filter';
export const MNTNS_FILTER_ENABLE = 'gadget_filter_by_mntns';

/** Globals to set before load so the object's programs consult the filter map; none without a filter. */
export function mountNsFilterGlobals(filter: MountNsFilter | undefined): Record<string, boolean> {
  return filter ? { [MNTNS_FILTER_ENABLE]: true } : {};
}

function key(id: number): Buffer {
  const k = Buffer.alloc(8);
  k.writeBigUInt64LE(BigInt(id));
  return k;
}

/**
 * Keeps the object's gadget_mntns_filter map equal to the filter's ids, now
 * and whenever they change. Returns the function that stops following them.
 * The object must include <gadgetry/mntns_filter.h> and have been loaded
 * with mountNsFilterGlobals(filter).
 */
export function applyMountNsFilter(collection: Collection, filter: MountNsFilter): () => void {
  const enabled = collection.globals().some((g) => g.name === MNTNS_FILTER_ENABLE);
  if (!enabled || !collection.maps.has(MNTNS_FILTER_MAP)) {
    throw new ShapeError('FILTER_UNSUPPORTED', `the BPF object has no ${MNTNS_FILTER_MAP} map; include <gadgetry/mntns_filter.h> to filter by container`);
  }
  const map = collection.map(MNTNS_FILTER_MAP);
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

/**
 * Two container filters given to one run (--containername and a pod filter):
 * a namespace is kept only while both keep it. Follows both as they change.
 */
export function bothMountNsFilters(a: MountNsFilter, b: MountNsFilter): MountNsFilter {
  const ids = () => {
    const inB = new Set(b.ids());
    return a.ids().filter((id) => inB.has(id));
  };
  return {
    ids,
    onChange(listener) {
      const tell = () => listener(ids());
      const offA = a.onChange(tell);
      const offB = b.onChange(tell);
      return () => {
        offA();
        offB();
      };
    },
  };
}
