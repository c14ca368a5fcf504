import type { ContainerInfo } from './ContainerInfo.js';
import { listContainers } from './listContainers.js';

export type ContainerChange = (added: ContainerInfo[], removed: ContainerInfo[]) => void;

/**
 * Keeps a map from mount namespace id to container, rescanning every
 * `intervalMs` and telling listeners which containers started or stopped.
 */
export class ContainerWatcher {
  #byMntns = new Map<number, ContainerInfo>();
  #listeners = new Set<ContainerChange>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly scan: () => ContainerInfo[] = listContainers,
    private readonly intervalMs = 1000,
  ) {
    this.refresh();
  }

  get containers(): ContainerInfo[] {
    return [...this.#byMntns.values()];
  }

  byMountNs(id: number): ContainerInfo | undefined {
    return this.#byMntns.get(id);
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
