import type { NativeReader } from './addon.js';
import { rethrowNative } from './errors.js';

/**
 * What the ring buffer and perf buffer readers share: draining on demand,
 * pausing for backpressure, closing. The reader belongs to the collection its
 * map came from: closing the collection closes it, and any use after either
 * close (except close() itself) throws BPF_OBJECT_CLOSED.
 */
export abstract class BufferReader<N extends NativeReader = NativeReader> implements Disposable {
  protected readonly native: N;

  protected constructor(create: () => N) {
    try {
      this.native = create();
    } catch (err) {
      rethrowNative(err);
    }
  }

  #call<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      return rethrowNative(err);
    }
  }

  /** Delivers what is in the buffer right now, synchronously. */
  drain(): void {
    this.#call(() => this.native.consume());
  }

  /**
   * Stops reading until resume(): the fd is no longer polled and the drain
   * timer stops, so records stay in the kernel buffer and, once it is full,
   * the BPF side drops and counts them. For a consumer that is behind.
   * A paused reader does not keep the event loop alive; drain() still works.
   */
  pause(): void {
    this.#call(() => this.native.pause());
  }

  /** Reads again; what piled up while paused is delivered at once. */
  resume(): void {
    this.#call(() => this.native.resume());
  }

  get paused(): boolean {
    return this.native.paused;
  }

  get closed(): boolean {
    return this.native.closed;
  }

  /** Stops reading and frees the buffer; safe to call twice, or after the collection closed. */
  close(): void {
    this.native.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
