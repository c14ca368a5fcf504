import type { NativeLink } from './addon.js';
import { toBpfError } from './errors.js';

/** An attached program; closing it detaches the program. */
export class Link implements Disposable {
  #native: NativeLink | undefined;

  constructor(
    readonly program: string,
    readonly section: string,
    native: NativeLink,
  ) {
    this.#native = native;
  }

  get closed(): boolean {
    return this.#native === undefined;
  }

  /** For iter/* programs: runs the iterator once and returns everything it wrote. */
  readIterator(): Buffer {
    if (!this.#native) throw toBpfError({ code: 'BPF_LINK_CLOSED', message: `link of ${this.program} is closed` });
    try {
      return this.#native.readIterator();
    } catch (err) {
      throw toBpfError(err, this.section);
    }
  }

  close(): void {
    this.#native?.destroy();
    this.#native = undefined;
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
