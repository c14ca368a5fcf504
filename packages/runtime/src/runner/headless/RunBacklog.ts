import type { RunMessage } from '../RunMessage.js';
import type { QueueBounds } from './QueueBounds.js';

/**
 * A run's most recent messages, for readers that attach later: the oldest
 * go once the count or byte bound is passed. The newest message is always
 * kept, even when it alone is larger than the byte bound.
 */
export class RunBacklog {
  readonly #items: { message: RunMessage; bytes: number }[] = [];
  #head = 0;
  #bytes = 0;

  constructor(private readonly bounds: QueueBounds) {}

  get length(): number {
    return this.#items.length - this.#head;
  }

  get bytes(): number {
    return this.#bytes;
  }

  push(message: RunMessage, bytes: number): void {
    this.#items.push({ message, bytes });
    this.#bytes += bytes;
    while (this.length > 1 && (this.length > this.bounds.messages || this.#bytes > this.bounds.bytes)) {
      this.#bytes -= this.#items[this.#head]!.bytes;
      this.#items[this.#head++] = undefined as never;
    }
    // drop the dead prefix now and then, not on every push
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items.splice(0, this.#head);
      this.#head = 0;
    }
  }

  /** The kept messages, oldest first. */
  messages(): RunMessage[] {
    return this.#items.slice(this.#head).map((i) => i.message);
  }
}
