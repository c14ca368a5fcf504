import type { MapInfo, NativeMap } from './addon.js';
import { BpfError, rethrowNative } from './errors.js';

export const MapType = {
  HASH: 1,
  ARRAY: 2,
  PERF_EVENT_ARRAY: 4,
  PERCPU_HASH: 5,
  PERCPU_ARRAY: 6,
  STACK_TRACE: 7,
  LRU_PERCPU_HASH: 10,
  ARRAY_OF_MAPS: 12,
  HASH_OF_MAPS: 13,
  PERCPU_CGROUP_STORAGE: 21,
  RINGBUF: 27,
} as const;

const EINVAL = 22;
const EOPNOTSUPP = 95;
/** The kernel's own "not supported", which user space headers do not define. */
const ENOTSUPP = 524;

const PER_CPU: ReadonlySet<number> = new Set([MapType.PERCPU_HASH, MapType.PERCPU_ARRAY, MapType.LRU_PERCPU_HASH, MapType.PERCPU_CGROUP_STORAGE]);

/** The native handle behind each map, for the readers; not part of the public API. */
const handles = new WeakMap<BpfMap, NativeMap>();

/** The native handle of `map`, for code of this package that hands it to the addon. */
export function nativeMap(map: BpfMap): NativeMap {
  const handle = handles.get(map);
  if (!handle) throw new BpfError('BPF_OBJECT_CLOSED', `map ${map.name} has no kernel object behind it`);
  return handle;
}

/**
 * A map of a loaded collection. Keys and values are Buffers of the map's
 * sizes; per-CPU maps return one value slot (padded to 8 bytes) per possible
 * CPU. The map belongs to its collection: once that is closed, every call
 * throws BPF_OBJECT_CLOSED (the fd number it had may be someone else's by then).
 */
export class BpfMap {
  readonly name: string;
  readonly type: number;
  readonly keySize: number;
  readonly valueSize: number;
  readonly maxEntries: number;

  constructor(info: MapInfo & { handle: NativeMap }) {
    this.name = info.name;
    this.type = info.type;
    this.keySize = info.keySize;
    this.valueSize = info.valueSize;
    this.maxEntries = info.maxEntries;
    handles.set(this, info.handle);
  }

  /** The map's fd while its collection is open, -1 after. */
  get fd(): number {
    return nativeMap(this).fd;
  }

  /** True once its collection was closed. */
  get closed(): boolean {
    return nativeMap(this).closed;
  }

  get perCpu(): boolean {
    return PER_CPU.has(this.type);
  }

  /** Bytes of one lookup result: per-CPU maps hold a slot per possible CPU. */
  get lookupSize(): number {
    return nativeMap(this).lookupSize;
  }

  #call<T>(fn: (handle: NativeMap) => T): T {
    try {
      return fn(nativeMap(this));
    } catch (err) {
      return rethrowNative(err);
    }
  }

  lookup(key: Buffer): Buffer | null {
    return this.#call((m) => m.lookup(key));
  }

  update(key: Buffer, value: Buffer, flags = 0): void {
    this.#call((m) => m.update(key, value, flags));
  }

  delete(key: Buffer): boolean {
    return this.#call((m) => m.delete(key));
  }

  *keys(): Generator<Buffer> {
    let key: Buffer | null = null;
    for (;;) {
      const current: Buffer | null = key;
      key = this.#call((m) => m.nextKey(current));
      if (!key) return;
      yield key;
    }
  }

  #split(batch: { keys: Buffer; values: Buffer; count: number }): [Buffer, Buffer][] {
    const size = this.lookupSize;
    const out: [Buffer, Buffer][] = [];
    for (let i = 0; i < batch.count; i++) {
      out.push([batch.keys.subarray(i * this.keySize, (i + 1) * this.keySize), batch.values.subarray(i * size, (i + 1) * size)]);
    }
    return out;
  }

  /** Every entry, in one batch call where the kernel supports it, else key by key. */
  entries(): [Buffer, Buffer][] {
    const batch = this.#call((m) => m.lookupBatch());
    if (batch) return this.#split(batch);
    const out: [Buffer, Buffer][] = [];
    for (const k of this.keys()) {
      const v = this.lookup(k);
      if (v) out.push([k, v]);
    }
    return out;
  }

  /**
   * Every entry, removed from the map in the same step that reads it, so an
   * entry's value is never read and then lost to its delete. Uses the
   * kernel's batch lookup-and-delete (Linux 5.6), else lookup-and-delete key
   * by key (hash maps: 5.14); `batch: false` goes key by key. Throws
   * BPF_MAP_TAKE_UNSUPPORTED when the kernel can do neither for this map.
   *
   * A BPF program still writing to the map can land an update in an entry
   * between its lookup and its write, after the entry was taken: only maps
   * no program writes to any more (see setInnerMap) are read exactly.
   */
  takeEntries(options: { batch?: boolean } = {}): [Buffer, Buffer][] {
    if (options.batch !== false) {
      const batch = this.#call((m) => m.lookupAndDeleteBatch());
      if (batch) return this.#split(batch);
    }
    const out: [Buffer, Buffer][] = [];
    // Keys first: deleting while walking would restart the walk at every delete.
    const keys = [...this.keys()].slice(0, this.maxEntries);
    for (const key of keys) {
      let value: Buffer | null;
      try {
        value = this.#call((m) => m.lookupAndDelete(key));
      } catch (err) {
        const errno = (err as BpfError).errno;
        if (out.length === 0 && (errno === EINVAL || errno === EOPNOTSUPP || errno === ENOTSUPP)) {
          throw new BpfError(
            'BPF_MAP_TAKE_UNSUPPORTED',
            `this kernel cannot read and delete entries of map ${this.name} in one step (batch lookup-and-delete needs Linux 5.6)`,
            errno,
          );
        }
        throw err;
      }
      if (value) out.push([key, value]);
    }
    return out;
  }

  /**
   * Puts `inner` in slot `slot` of this map of maps. Resolves once the kernel
   * has waited for every BPF program that might still use the map that was
   * in the slot: from then on nothing writes to that map, and reading and
   * clearing it loses nothing. Runs on Node's thread pool (the wait takes
   * milliseconds).
   */
  async setInnerMap(slot: number, inner: BpfMap): Promise<void> {
    const pending = this.#call((m) => m.setInnerMapAsync(slot, nativeMap(inner)));
    try {
      await pending;
    } catch (err) {
      rethrowNative(err);
    }
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
