/** One function symbol: where it starts, how long it is (0: unknown), its name. */
export interface SymbolEntry {
  address: bigint;
  size: bigint;
  name: string;
}

/**
 * Symbols sorted by address, looked up by binary search: the symbol that
 * starts at or before an address and (when its size is known) covers it.
 */
export class SymbolTable {
  readonly #addresses: BigUint64Array;
  readonly #sizes: BigUint64Array;
  readonly #names: string[];

  constructor(entries: SymbolEntry[]) {
    const sorted = [...entries].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
    // one name per address: the first with a size, else the first
    const kept: SymbolEntry[] = [];
    for (const e of sorted) {
      const last = kept[kept.length - 1];
      if (last && last.address === e.address) {
        if (last.size === 0n && e.size > 0n) kept[kept.length - 1] = e;
        continue;
      }
      kept.push(e);
    }
    this.#addresses = BigUint64Array.from(kept.map((e) => e.address));
    this.#sizes = BigUint64Array.from(kept.map((e) => e.size));
    this.#names = kept.map((e) => e.name);
  }

  get length(): number {
    return this.#names.length;
  }

  /** The symbol covering `address`, with the offset into it; undefined when none does. */
  lookup(address: bigint): { name: string; offset: bigint } | undefined {
    let lo = 0;
    let hi = this.#addresses.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#addresses[mid]! <= address) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return undefined;
    const start = this.#addresses[found]!;
    const size = this.#sizes[found]!;
    if (size > 0n && address >= start + size) return undefined;
    return { name: this.#names[found]!, offset: address - start };
  }
}
