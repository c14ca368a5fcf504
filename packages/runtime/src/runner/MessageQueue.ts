/** Flow control of a MessageQueue: told when it is long, and again each time it is short. */
export interface QueueFlow {
  /** At this many queued items, each push calls onHigh. */
  high?: number;
  /** At or below this many left, each take calls onLow. */
  low?: number;
  onHigh?: () => void;
  onLow?: () => void;
}

/**
 * What a run stream holds for its one reader: items in order, the reader
 * woken when one comes or the stream ends, and the producer told (onHigh /
 * onLow) when the reader falls behind and catches up, so it can stop
 * reading the kernel or the network meanwhile. Taking is O(1): the array
 * is compacted only once most of it has been read.
 */
export class MessageQueue<T extends object> {
  #items: (T | undefined)[] = [];
  #head = 0;
  #ended = false;
  #wake: (() => void) | undefined;

  constructor(private readonly flow: QueueFlow = {}) {}

  get length(): number {
    return this.#items.length - this.#head;
  }

  /** No more items will come (those queued are still read). */
  get ended(): boolean {
    return this.#ended;
  }

  push(item: T): void {
    this.#items.push(item);
    if (this.flow.high !== undefined && this.length >= this.flow.high) this.flow.onHigh?.();
    this.wake();
  }

  take(): T | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head++] = undefined;
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items.splice(0, this.#head);
      this.#head = 0;
    }
    if (this.flow.low !== undefined && this.length <= this.flow.low) this.flow.onLow?.();
    return item;
  }

  end(): void {
    this.#ended = true;
    this.wake();
  }

  /** Drops what is queued (a reader that left). */
  clear(): void {
    this.#items = [];
    this.#head = 0;
  }

  /** Resolves at the next push, end or wake(). */
  waitForMore(): Promise<void> {
    return new Promise<void>((resolve) => (this.#wake = resolve));
  }

  /** Wakes a reader waiting in waitForMore (e.g. to look at state of its own). */
  wake(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /** Every item until the queue has ended and is empty. */
  async *drain(): AsyncGenerator<T, void, undefined> {
    for (;;) {
      const next = this.take();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (this.#ended) return;
      await this.waitForMore();
    }
  }
}
