import type { ContainerInfo } from './ContainerInfo.js';
import { listContainers } from './listContainers.js';
import { lookupContainer } from './lookupContainer.js';

export type ContainerChange = (added: ContainerInfo[], removed: ContainerInfo[]) => void;

/** Between two lookups of unknown mount namespaces, at least this long: a bound on their cost. */
const LOOKUP_GAP_MS = 50;
/** A namespace a lookup did not find (a host process's own) is looked up again after this long. */
const RETRY_MS = 2000;
/** Namespaces remembered as not found, at most. */
const MAX_MISSED = 1024;

/**
 * Keeps a map from mount namespace id to container, rescanning every
 * `intervalMs` and telling listeners which containers started or stopped.
 * A namespace the map does not know yet (a container started since the last
 * scan) is looked up when an event brings it (resolve()), rate-limited.
 */
export class ContainerWatcher {
  #byMntns = new Map<number, ContainerInfo>();
  #listeners = new Set<ContainerChange>();
  #timer: NodeJS.Timeout | undefined;
  /** Namespace -> when a lookup last failed to find it. */
  readonly #missed = new Map<number, number>();
  #lastLookup = -Infinity;

  constructor(
    private readonly scan: () => ContainerInfo[] = listContainers,
    private readonly intervalMs = 1000,
    private readonly lookup: (mntnsId: number, pid?: number) => ContainerInfo | undefined = lookupContainer,
    private readonly now: () => number = () => performance.now(),
  ) {
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
   * RETRY_MS ago: then it is left to the next scan.
   */
  resolve(mntnsId: number, pid?: number): ContainerInfo | undefined {
    const known = this.#byMntns.get(mntnsId);
    if (known || !mntnsId) return known;
    const now = this.now();
    const missed = this.#missed.get(mntnsId);
    if ((missed !== undefined && now - missed < RETRY_MS) || now - this.#lastLookup < LOOKUP_GAP_MS) return undefined;
    this.#lastLookup = now;
    const found = this.lookup(mntnsId, pid);
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

  refresh(): void {
    const next = new Map(this.scan().map((c) => [c.mntnsId, c]));
    const added = [...next.values()].filter((c) => this.#byMntns.get(c.mntnsId)?.id !== c.id);
    const removed = [...this.#byMntns.values()].filter((c) => next.get(c.mntnsId)?.id !== c.id);
    this.#byMntns = next;
    if (added.length || removed.length) for (const l of this.#listeners) l(added, removed);
  }

  start(): void {
    this.#timer ??= setInterval(() => this.refresh(), this.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
