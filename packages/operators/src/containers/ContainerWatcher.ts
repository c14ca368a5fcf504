import type { ContainerInfo } from './ContainerInfo.js';
import { containersFromCgroups } from './containersFromCgroups.js';
import { lookupContainer } from './lookupContainer.js';
import { mountNsOf } from './processNamespaces.js';
import { readRuntimeStates, RUNTIME_STATE_ROOTS } from './readRuntimeStates.js';
import { RuntimeStateWatch, type WatchedRoot } from './RuntimeStateWatch.js';

export type ContainerChange = (added: ContainerInfo[], removed: ContainerInfo[]) => void;

export interface ContainerWatcherOptions {
  /** Containers from the runtimes' state files: a few small files, read after each change in them. */
  states?: () => ContainerInfo[];
  /** Containers found by walking /proc (cgroup paths): the costly part, only in full scans. */
  cgroups?: () => ContainerInfo[];
  /** The container of one namespace an event brought (resolve()). */
  lookup?: (mntnsId: number, pid?: number) => ContainerInfo | undefined;
  /** Milliseconds, any origin: rate-limits lookups. */
  now?: () => number;
  /** Between two full scans (state files and /proc), ms; 0: none after the first. */
  rescanMs?: number;
  /** State folders watched with inotify for containers created and removed. */
  watchRoots?: readonly WatchedRoot[];
  /** A change in the watched folders is read this long after it, so a burst costs one read. */
  debounceMs?: number;
}

/** Between two lookups of unknown mount namespaces, at least this long: a bound on their cost. */
const LOOKUP_GAP_MS = 50;
/** A namespace a lookup did not find (a host process's own) is looked up again after this long. */
const RETRY_MS = 2000;
/** Namespaces remembered as not found, at most. */
const MAX_MISSED = 1024;
/**
 * The safety net's period: state folders are watched, so this only catches
 * containers no runtime state file names (found by cgroup path) and missed
 * changes. A scan costs about 2 ms per 100 processes here.
 */
export const RESCAN_MS = 30_000;
const DEBOUNCE_MS = 20;

/**
 * Keeps a map from mount namespace id to container and tells listeners which
 * containers started or stopped. Event-driven: the runtimes' state folders are
 * watched with inotify, and a change in them rereads the state files (not
 * /proc); a full scan runs at start and every `rescanMs` as a safety net. A
 * namespace the map does not know yet (an event that beat the watch) is
 * looked up when an event brings it (resolve()), rate-limited.
 */
export class ContainerWatcher {
  #byMntns = new Map<number, ContainerInfo>();
  /** Ids the last read of the state files found: the rest came from cgroup paths. */
  #fromStates = new Set<string>();
  readonly #listeners = new Set<ContainerChange>();
  #timer: NodeJS.Timeout | undefined;
  #debounce: NodeJS.Timeout | undefined;
  #watch: RuntimeStateWatch | undefined;
  /** Namespace -> when a lookup last failed to find it. */
  readonly #missed = new Map<number, number>();
  #lastLookup = -Infinity;
  readonly #states: () => ContainerInfo[];
  readonly #cgroups: () => ContainerInfo[];
  readonly #lookup: (mntnsId: number, pid?: number) => ContainerInfo | undefined;
  readonly #now: () => number;
  readonly #rescanMs: number;
  readonly #roots: readonly WatchedRoot[];
  readonly #debounceMs: number;

  constructor(options: ContainerWatcherOptions = {}) {
    this.#states = options.states ?? (() => readRuntimeStates());
    this.#cgroups = options.cgroups ?? (() => containersFromCgroups());
    this.#lookup = options.lookup ?? lookupContainer;
    this.#now = options.now ?? (() => performance.now());
    this.#rescanMs = options.rescanMs ?? RESCAN_MS;
    this.#roots = options.watchRoots ?? RUNTIME_STATE_ROOTS;
    this.#debounceMs = options.debounceMs ?? DEBOUNCE_MS;
    this.refresh();
  }

  get containers(): ContainerInfo[] {
    return [...this.#byMntns.values()];
  }

  byMountNs(id: number): ContainerInfo | undefined {
    return this.#byMntns.get(id);
  }

  /**
   * The container of a namespace an event came from (`pid`: the process that
   * caused it). One the map lacks is looked up at once, unless a lookup ran
   * less than LOOKUP_GAP_MS ago or this namespace was not found less than
   * RETRY_MS ago: then it is left to the watch or the next scan.
   */
  resolve(mntnsId: number, pid?: number): ContainerInfo | undefined {
    const known = this.#byMntns.get(mntnsId);
    if (known || !mntnsId) return known;
    const now = this.#now();
    const missed = this.#missed.get(mntnsId);
    if ((missed !== undefined && now - missed < RETRY_MS) || now - this.#lastLookup < LOOKUP_GAP_MS) return undefined;
    this.#lastLookup = now;
    const found = this.#lookup(mntnsId, pid);
    if (!found) {
      if (this.#missed.size >= MAX_MISSED) this.#missed.clear();
      this.#missed.set(mntnsId, now);
      return undefined;
    }
    this.#missed.delete(mntnsId);
    this.#byMntns.set(mntnsId, found);
    for (const l of this.#listeners) l([found], []);
    return found;
  }

  onChange(listener: ContainerChange): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A full scan: the state files and every process's cgroup. */
  refresh(): void {
    const states = this.#states();
    this.#fromStates = new Set(states.map((c) => c.id));
    this.#apply([...states, ...this.#cgroups().filter((c) => !this.#fromStates.has(c.id))]);
  }

  /**
   * The state files only (after a change in their folders). Containers found
   * by cgroup path stay while their init process still has their namespace.
   */
  refreshStates(): void {
    const states = this.#states();
    const ids = new Set(states.map((c) => c.id));
    const kept = this.containers.filter((c) => !ids.has(c.id) && !this.#fromStates.has(c.id) && mountNsOf(c.pid) === c.mntnsId);
    this.#fromStates = ids;
    this.#apply([...states, ...kept]);
  }

  #apply(list: ContainerInfo[]): void {
    const next = new Map(list.map((c) => [c.mntnsId, c]));
    const added = [...next.values()].filter((c) => this.#byMntns.get(c.mntnsId)?.id !== c.id);
    const removed = [...this.#byMntns.values()].filter((c) => next.get(c.mntnsId)?.id !== c.id);
    this.#byMntns = next;
    if (added.length || removed.length) for (const l of this.#listeners) l(added, removed);
  }

  /** A watched folder changed: reread once the burst is over. */
  #changed = (): void => {
    if (this.#debounce || !this.#watch) return;
    this.#debounce = setTimeout(() => {
      this.#debounce = undefined;
      // aim the watches at new folders first, so a state file written meanwhile is not missed
      const added = this.#watch?.sync();
      this.refreshStates();
      if (added) this.#changed();
    }, this.#debounceMs);
    this.#debounce.unref();
  };

  start(): void {
    if (!this.#watch) {
      this.#watch = new RuntimeStateWatch(this.#roots, this.#changed);
      // what changed between the first scan and now
      if (this.#watch.sync()) this.refreshStates();
    }
    if (this.#rescanMs > 0 && !this.#timer) {
      this.#timer = setInterval(() => {
        this.#watch?.sync(); // re-aims watches an error dropped or the bound left out
        this.refresh();
      }, this.#rescanMs);
      this.#timer.unref();
    }
  }

  /** Closes every watch and timer; the map stays as it was. */
  stop(): void {
    clearInterval(this.#timer);
    clearTimeout(this.#debounce);
    this.#timer = undefined;
    this.#debounce = undefined;
    this.#watch?.close();
    this.#watch = undefined;
  }

  /** Folders watched now (for tests and diagnostics). */
  get watched(): string[] {
    return this.#watch?.watched ?? [];
  }
}
