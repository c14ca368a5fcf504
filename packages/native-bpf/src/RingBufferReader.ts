import { addon, type NativeReader } from './addon.js';
import type { BpfMap } from './BpfMap.js';
import { MapType } from './BpfMap.js';
import { BpfError, toBpfError } from './errors.js';
import { guardHandler } from './RecordBatch.js';

export type RecordBatchHandler = (records: Buffer, count: number) => void;

/**
 * Reads a BPF ring buffer. The buffer's fd is watched on Node's event loop;
 * each wake-up drains every ready record and hands them to `onBatch`, at
 * most `maxBatch` per call. Errors thrown by the handler are reported through `onError`.
 */
export class RingBufferReader implements Disposable {
  #native: NativeReader | undefined;

  constructor(map: BpfMap, onBatch: RecordBatchHandler, onError?: (err: unknown) => void, maxBatch = 8192) {
    if (map.type !== MapType.RINGBUF) throw new BpfError('BPF_MAP_TYPE', `map ${map.name} is not a ring buffer`);
    const safe = guardHandler(onBatch, onError);
    try {
      this.#native = new (addon().RingBufferReader)(map.fd, safe, maxBatch);
    } catch (err) {
      throw toBpfError(err);
    }
  }

  /** Delivers what is in the buffer right now, synchronously. */
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
    this.#native?.close();
    this.#native = undefined;
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
