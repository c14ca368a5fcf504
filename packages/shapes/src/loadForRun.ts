import { Collection, type CollectionOptions } from '@gadgetry/native-bpf';
import type { MountNsFilter } from '@gadgetry/sdk';
import { applyCommonFilter, commonFilterGlobals, type CommonFilters } from './commonFilter.js';
import { applyMountNsFilter, mountNsFilterGlobals } from './mountNsFilter.js';
import { selfFilterGlobals } from './selfFilter.js';

/** What a run asks of the kernel side beyond the gadget's own params. */
export interface RunFilters {
  /** Keep only these mount namespaces (containers), in the kernel. */
  mntnsFilter?: MountNsFilter | undefined;
  /** Report the runtime's own process too (gadgetry run --trace-self). */
  traceSelf?: boolean | undefined;
  /** Keep only these pids, tids, uids, gids, comms (--pid ...), in the kernel. */
  common?: CommonFilters | undefined;
}

/** A loaded object; release() stops following the container filter and frees every kernel object. */
export interface RunObject {
  readonly collection: Collection;
  release(): void;
}

/**
 * Loads a gadget's object for one run: the self filter's global when the
 * object includes <gadgetry/self_filter.h>, the common filters' switches and
 * values (<gadgetry/common_filter.h>), the container filter enabled and its
 * map kept in step with the filter's ids until release().
 */
export async function loadForRun(source: string | Buffer, options: CollectionOptions, filters: RunFilters): Promise<RunObject> {
  // the common filters' switches: optional like the others, and checked below when asked for
  if (filters.common) options = { ...options, optionalGlobals: { ...options.optionalGlobals, ...commonFilterGlobals(filters.common) } };
  // The verifier runs on Node's thread pool: a large program does not stall the event loop.
  const collection = await Collection.loadAsync(source, {
    ...options,
    // optional: an object without the header loads as before; a filter it cannot apply is refused below
    optionalGlobals: { ...selfFilterGlobals(filters.traceSelf), ...options.optionalGlobals, ...mountNsFilterGlobals(filters.mntnsFilter) },
  });
  if (filters.common) {
    try {
      applyCommonFilter(collection, filters.common);
    } catch (err) {
      collection.close();
      throw err;
    }
  }
  let unfollow: (() => void) | undefined;
  if (filters.mntnsFilter) {
    try {
      unfollow = applyMountNsFilter(collection, filters.mntnsFilter);
    } catch (err) {
      collection.close();
      throw err;
    }
  }
  return {
    collection,
    release() {
      unfollow?.();
      unfollow = undefined;
      collection.close();
    },
  };
}
