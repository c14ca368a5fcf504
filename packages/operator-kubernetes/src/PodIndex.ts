import { selectorMatches, type LabelSelector } from './labelSelector.js';
import type { PodRecord } from './podRecord.js';

/** A container of a pod, as events are tagged with it. */
export interface PodContainer {
  pod: PodRecord;
  /** The container's name in the pod spec. */
  containerName: string;
}

/** Which pods a run keeps; every given part must hold (an absent part keeps all). */
export interface PodFilter {
  namespaces?: string[];
  podNames?: string[];
  selector?: LabelSelector;
}

/** Whether a pod passes the filter. */
export function podMatches(filter: PodFilter, pod: PodRecord): boolean {
  if (filter.namespaces && !filter.namespaces.includes(pod.namespace)) return false;
  if (filter.podNames && !filter.podNames.includes(pod.name)) return false;
  if (filter.selector && !selectorMatches(filter.selector, pod.labels)) return false;
  return true;
}

/**
 * The pods the API server told us about (the agent's node only), indexed by
 * the runtime's container id so an event's container finds its pod at once.
 * Listeners hear of every change (a pod added, changed or deleted).
 */
export class PodIndex {
  readonly #pods = new Map<string, PodRecord>();
  readonly #byContainer = new Map<string, PodContainer>();
  readonly #listeners = new Set<() => void>();

  static keyOf(pod: PodRecord): string {
    return `${pod.namespace}/${pod.name}`;
  }

  get pods(): PodRecord[] {
    return [...this.#pods.values()];
  }

  byContainerId(id: string): PodContainer | undefined {
    return id ? this.#byContainer.get(id) : undefined;
  }

  /** A pod added or changed (containers start and restart with new ids). */
  upsert(pod: PodRecord): void {
    this.#drop(PodIndex.keyOf(pod));
    this.#pods.set(PodIndex.keyOf(pod), pod);
    for (const c of pod.containers) this.#byContainer.set(c.id, { pod, containerName: c.name });
    this.#changed();
  }

  remove(pod: Pick<PodRecord, 'namespace' | 'name'>): void {
    if (this.#drop(`${pod.namespace}/${pod.name}`)) this.#changed();
  }

  /** The container ids of every pod that passes the filter. */
  containerIds(filter: PodFilter): Set<string> {
    const ids = new Set<string>();
    for (const pod of this.#pods.values()) if (podMatches(filter, pod)) for (const c of pod.containers) ids.add(c.id);
    return ids;
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #drop(key: string): boolean {
    const old = this.#pods.get(key);
    if (!old) return false;
    this.#pods.delete(key);
    for (const c of old.containers) if (this.#byContainer.get(c.id)?.pod === old) this.#byContainer.delete(c.id);
    return true;
  }

  #changed(): void {
    for (const l of this.#listeners) l();
  }
}
