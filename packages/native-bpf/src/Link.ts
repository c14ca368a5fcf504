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

  /**
   * For iter/* programs: runs the iterator once and returns everything it
   * wrote. Iterators over sockets (tcp, udp, unix, netlink) walk the network
   * namespace they are created in: `netns` (a namespace file such as
   * /proc/PID/ns/net, or an fd of one) creates this one there, from a thread
   * of its own, so no thread of this process changes namespace.
   */
  readIterator(options: { netns?: string | number } = {}): Buffer {
    try {
      return options.netns === undefined ? this.#native.readIterator() : this.#native.readIterator({ netns: options.netns });
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
