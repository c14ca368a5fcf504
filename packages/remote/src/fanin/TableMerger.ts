type Row = Record<string, unknown>;

/**
 * Merges the tables nodes send for the same interval (the k-th table of each
 * node) into one. A table is out once every node still running sent its
 * k-th, or once one node is `slack` tables ahead of a node that fell silent,
 * so one slow node delays the others by a bounded number of intervals.
 */
export class TableMerger {
  /** Per node, tables not yet merged (oldest first). */
  readonly #pending = new Map<string, Row[][]>();
  readonly #live = new Set<string>();

  constructor(
    nodes: Iterable<string>,
    private readonly slack = 2,
  ) {
    for (const n of nodes) {
      this.#live.add(n);
      this.#pending.set(n, []);
    }
  }

  /** Adds a node's table; returns the merged tables now complete. */
  add(node: string, rows: Row[]): Row[][] {
    if (!this.#pending.has(node)) this.#pending.set(node, []);
    this.#live.add(node);
    this.#pending.get(node)!.push(rows);
    return this.#ready();
  }

  /** A node that ended: it is no longer waited for. Returns the merged tables now complete. */
  end(node: string): Row[][] {
    this.#live.delete(node);
    return this.#ready();
  }

  /** Everything still pending, merged interval by interval (the run is over). */
  flush(): Row[][] {
    const out: Row[][] = [];
    while ([...this.#pending.values()].some((q) => q.length > 0)) out.push(this.#take());
    return out;
  }

  #ready(): Row[][] {
    const out: Row[][] = [];
    for (;;) {
      const queues = [...this.#pending.entries()];
      if (!queues.some(([, q]) => q.length > 0)) return out;
      const waiting = queues.some(([n, q]) => q.length === 0 && this.#live.has(n));
      const ahead = Math.max(...queues.map(([, q]) => q.length));
      if (waiting && ahead <= this.slack) return out;
      out.push(this.#take());
    }
  }

  /** The oldest table of every node that has one, rows in node order. */
  #take(): Row[] {
    const merged: Row[] = [];
    for (const q of this.#pending.values()) {
      const t = q.shift();
      if (t) merged.push(...t);
    }
    return merged;
  }
}
