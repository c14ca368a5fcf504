import { addon, type NativeReader } from './addon.js';
import type { BpfMap } from './BpfMap.js';
import { MapType } from './BpfMap.js';
import { BpfError, toBpfError } from './errors.js';
import { guardHandler } from './RecordBatch.js';
import type { RecordBatchHandler } from './RingBufferReader.js';

/**
 * Reads a BPF perf event array (one buffer per CPU). Records arrive in batches
 * like RingBufferReader's; `lost` counts records the kernel dropped.
 */
export class PerfBufferReader implements Disposable {
  #native: (NativeReader & { readonly lost: number }) | undefined;
  #lost = 0;

  constructor(map: BpfMap, onBatch: RecordBatchHandler, options: { pagesPerCpu?: number; onError?: (err: unknown) => void } = {}) {
    if (map.type !== MapType.PERF_EVENT_ARRAY) throw new BpfError('BPF_MAP_TYPE', `map ${map.name} is not a perf event array`);
    const safe = guardHandler(onBatch, options.onError);
    try {
      this.#native = new (addon().PerfBufferReader)(map.fd, options.pagesPerCpu ?? 64, safe);
    } catch (err) {
      throw toBpfError(err);
    }
  }

  get lost(): number {
    return this.#native ? this.#native.lost : this.#lost;
  }

  drain(): void {
    this.#native?.consume();
  }

  /**
   * Stops reading until resume(): the fd is no longer polled and the drain
   * timer stops, so records stay in the kernel buffer and, once it is full,
   * the BPF side drops and counts them. For a consumer that is behind.
   * A paused reader does not keep the event loop alive; drain() still works.
   */
  pause(): void {
    this.#native?.pause();
  }

  /** Reads again; what piled up while paused is delivered at once. */
  resume(): void {
    try {
      this.#native?.resume();
    } catch (err) {
      throw toBpfError(err);
    }
  }

  get paused(): boolean {
    return this.#native?.paused ?? false;
  }

  close(): void {
    if (this.#native) this.#lost = this.#native.lost;
    this.#native?.close();
    this.#native = undefined;
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
