import { addon, type MapInfo } from './addon.js';
import { toBpfError } from './errors.js';

export const MapType = {
  HASH: 1,
  ARRAY: 2,
  PERF_EVENT_ARRAY: 4,
  PERCPU_HASH: 5,
  PERCPU_ARRAY: 6,
  RINGBUF: 27,
} as const;

/**
 * A map of a loaded collection. Keys and values are Buffers of the map's
 * sizes; per-CPU maps return one value slot (padded to 8 bytes) per possible CPU.
 */
export class BpfMap {
  readonly name: string;
  readonly type: number;
  readonly fd: number;
  readonly keySize: number;
  readonly valueSize: number;
  readonly maxEntries: number;

  constructor(info: MapInfo) {
    this.name = info.name;
    this.type = info.type;
    this.fd = info.fd;
    this.keySize = info.keySize;
    this.valueSize = info.valueSize;
    this.maxEntries = info.maxEntries;
  }

  get perCpu(): boolean {
    return this.type === MapType.PERCPU_HASH || this.type === MapType.PERCPU_ARRAY;
  }

  /** Bytes of one lookup result: per-CPU maps hold a slot per possible CPU. */
  get lookupSize(): number {
    return this.perCpu ? Math.ceil(this.valueSize / 8) * 8 * addon().possibleCpus() : this.valueSize;
  }

  #call<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw toBpfError(err);
    }
  }

  lookup(key: Buffer): Buffer | null {
    return this.#call(() => addon().mapLookup(this.fd, key, this.lookupSize));
  }

  update(key: Buffer, value: Buffer, flags = 0): void {
    this.#call(() => addon().mapUpdate(this.fd, key, value, flags));
  }

  delete(key: Buffer): boolean {
    return this.#call(() => addon().mapDelete(this.fd, key));
  }

  *keys(): Generator<Buffer> {
    let key: Buffer | null = null;
    for (;;) {
      const current: Buffer | null = key;
      key = this.#call(() => addon().mapNextKey(this.fd, current, this.keySize));
      if (!key) return;
      yield key;
    }
  }

  /** Every entry, in one batch call where the kernel supports it, else key by key. */
  entries(): [Buffer, Buffer][] {
    const batch = this.#call(() => addon().mapLookupBatch(this.fd, this.keySize, this.lookupSize, this.maxEntries));
    if (batch) {
      const out: [Buffer, Buffer][] = [];
      for (let i = 0; i < batch.count; i++) {
        out.push([
          batch.keys.subarray(i * this.keySize, (i + 1) * this.keySize),
          batch.values.subarray(i * this.lookupSize, (i + 1) * this.lookupSize),
        ]);
      }
      return out;
    }
    const out: [Buffer, Buffer][] = [];
    for (const k of this.keys()) {
      const v = this.lookup(k);
      if (v) out.push([k, v]);
    }
    return out;
  }

  /** Sum of a per-CPU u64 counter at `key` (0 when absent). */
  sumPerCpuU64(key: Buffer): number {
    const v = this.lookup(key);
    if (!v) return 0;
    let sum = 0;
    for (let off = 0; off + 8 <= v.length; off += 8) sum += Number(v.readBigUInt64LE(off));
    return sum;
  }
}
