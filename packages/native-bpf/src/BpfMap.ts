import type { MapInfo, NativeMap } from './addon.js';
import { BpfError, rethrowNative } from './errors.js';

export const MapType = {
  HASH: 1,
  ARRAY: 2,
  PERF_EVENT_ARRAY: 4,
  PERCPU_HASH: 5,
  PERCPU_ARRAY: 6,
  LRU_PERCPU_HASH: 10,
  PERCPU_CGROUP_STORAGE: 21,
  RINGBUF: 27,
} as const;

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

  /** Every entry, in one batch call where the kernel supports it, else key by key. */
  entries(): [Buffer, Buffer][] {
    const batch = this.#call((m) => m.lookupBatch());
    const size = this.lookupSize;
    if (batch) {
      const out: [Buffer, Buffer][] = [];
      for (let i = 0; i < batch.count; i++) {
        out.push([batch.keys.subarray(i * this.keySize, (i + 1) * this.keySize), batch.values.subarray(i * size, (i + 1) * size)]);
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
