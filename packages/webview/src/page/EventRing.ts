import type { Row } from './wire.js';

/** The last `capacity` events the page holds: older ones fall out, so a long run never grows the tab. */
export class EventRing {
  readonly #rows: Row[] = [];
  readonly capacity: number;
  #start = 0;
  /** Every event seen, held or not. */
  seen = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  push(rows: Row[]): void {
    for (const row of rows) {
      if (this.#rows.length < this.capacity) this.#rows.push(row);
      else {
        this.#rows[this.#start] = row;
        this.#start = (this.#start + 1) % this.capacity;
      }
    }
    this.seen += rows.length;
  }

  /** Oldest first. */
  toArray(): Row[] {
    return this.#rows.slice(this.#start).concat(this.#rows.slice(0, this.#start));
  }
}
