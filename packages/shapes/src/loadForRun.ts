import { Collection, requireKernel, type CollectionOptions } from '@gadgetry/native-bpf';
import type { MountNsFilter } from '@gadgetry/sdk';
import { applyCommonFilter, commonFilterGlobals, type CommonFilters } from './commonFilter.js';
import { applyMountNsFilter, mountNsFilterGlobals } from './mountNsFilter.js';
import { OptionalProgramSet, type RunRequirements } from './optionalPrograms.js';
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
  /**
   * Attaches every loaded program that needs no explicit target; an optional
   * group whose attach fails is detached, reported and left out.
   */
  attach(): void;
  release(): void;
}

/**
 * Loads a gadget's object for one run: the self filter's global when the
 * object includes <gadgetry/self_filter.h>, the common filters' switches and
 * values (<gadgetry/common_filter.h>), the container filter enabled and its
 * map kept in step with the filter's ids until release(). Before loading it
 * refuses a kernel older than `minKernel` and one that lacks a required
 * program's hook, and leaves out the optional programs whose hooks are
 * absent (or that the kernel refuses), telling `onSkipped` once each.
 */
export async function loadForRun(source: string | Buffer, options: CollectionOptions & RunRequirements, filters: RunFilters): Promise<RunObject> {
  const { optionalPrograms, minKernel, hooksAddedIn, gadget, onSkipped, ...load } = options;
  const who = gadget ?? load.name ?? 'the gadget';
  if (minKernel) requireKernel(minKernel, who);
  const optional = new OptionalProgramSet(source, { optionalPrograms, onSkipped, hooksAddedIn }, load.skipPrograms, who);
  // the common filters' switches: optional like the others, and checked below when asked for
  const commonGlobals = filters.common ? commonFilterGlobals(filters.common) : {};
  let collection: Collection | undefined;
  while (!collection) {
    try {
      // The verifier runs on Node's thread pool: a large program does not stall the event loop.
      collection = await Collection.loadAsync(source, {
        ...load,
        skipPrograms: optional.skip,
        // optional: an object without the header loads as before; a filter it cannot apply is refused below
        optionalGlobals: { ...selfFilterGlobals(filters.traceSelf), ...load.optionalGlobals, ...commonGlobals, ...mountNsFilterGlobals(filters.mntnsFilter) },
      });
    } catch (err) {
      if (!optional.leaveOutRefused(err)) throw err;
    }
  }
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
  const loaded = collection;
  return {
    collection: loaded,
    attach() {
      optional.attach(loaded);
    },
    release() {
      unfollow?.();
      unfollow = undefined;
      loaded.close();
    },
  };
}
