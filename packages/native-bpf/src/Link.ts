import type { NativeLink } from './addon.js';
import { rethrowNative } from './errors.js';

/**
 * An attached program; closing it detaches the program. It belongs to its
 * collection: closing that detaches it too, and any use after either close
 * throws BPF_OBJECT_CLOSED.
 */
export class Link implements Disposable {
  readonly #native: NativeLink;

  constructor(
    readonly program: string,
    readonly section: string,
    native: NativeLink,
  ) {
    this.#native = native;
  }

  get closed(): boolean {
    return this.#native.closed;
  }

  /** For iter/* programs: runs the iterator once and returns everything it wrote. */
  readIterator(): Buffer {
    try {
      return this.#native.readIterator();
    } catch (err) {
      return rethrowNative(err, this.section);
    }
  }

  /** Detaches the program; safe to call twice, or after the collection closed. */
  close(): void {
    this.#native.destroy();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
