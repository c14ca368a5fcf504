import { BpfError, MapType, type BpfMap, type Collection } from '@gadgetry/native-bpf';

/** Reads a gadget's counters once per interval and clears them, so each read covers one interval. */
export interface IntervalCounters {
  /** Prepares the first interval; call before the programs are attached. */
  start(): Promise<void>;
  /** The values counted since the last take (or start), removed from the kernel's tables. */
  take(): Promise<Buffer[]>;
  /** The same, with the key of each value. */
  takeEntries(): Promise<[Buffer, Buffer][]>;
}

const unsupported = (err: unknown) => err instanceof BpfError && err.code === 'BPF_MAP_TAKE_UNSUPPORTED';

/** Reads and empties a table no program writes to any more: nothing can be lost, whatever the kernel offers. */
function drainIdle(table: BpfMap): [Buffer, Buffer][] {
  try {
    return table.takeEntries();
  } catch (err) {
    if (!unsupported(err)) throw err;
  }
  const entries = table.entries();
  for (const [key] of entries) table.delete(key);
  return entries;
}

/**
 * Counters behind a map of maps (<gadgetry/interval_map.h>): programs count
 * into the table the outer map points to; each interval the spare table is
 * swapped in, the kernel waits until no program still uses the old one, and
 * only then is the old one read and cleared. Exact: no increment is lost or
 * counted twice, on any kernel with maps of maps (Linux 5.0).
 */
class SwappedTables implements IntervalCounters {
  #active = 0;

  constructor(
    private readonly outer: BpfMap,
    private readonly tables: [BpfMap, BpfMap],
  ) {}

  async start(): Promise<void> {
    await this.outer.setInnerMap(0, this.tables[0]);
    this.#active = 0;
  }

  async take(): Promise<Buffer[]> {
    return (await this.takeEntries()).map(([, v]) => v);
  }

  async takeEntries(): Promise<[Buffer, Buffer][]> {
    const retired = this.tables[this.#active]!;
    await this.outer.setInnerMap(0, this.tables[1 - this.#active]!);
    this.#active = 1 - this.#active;
    return drainIdle(retired);
  }
}

/**
 * Counters in a plain hash map programs keep writing to: each entry is read
 * and deleted in one step (batch lookup-and-delete, Linux 5.6), so no
 * increment falls between a read and its delete. A program that looked an
 * entry up just before it was taken can still write into it afterwards (a
 * window of a few instructions); maps of maps close that too.
 */
class TakenEntries implements IntervalCounters {
  #exact = true;

  constructor(
    private readonly map: BpfMap,
    private readonly warn: (message: string) => void,
  ) {}

  async start(): Promise<void> {}

  async take(): Promise<Buffer[]> {
    return (await this.takeEntries()).map(([, v]) => v);
  }

  async takeEntries(): Promise<[Buffer, Buffer][]> {
    if (this.#exact) {
      try {
        return this.map.takeEntries();
      } catch (err) {
        if (!unsupported(err)) throw err;
        this.#exact = false;
        this.warn(`${(err as Error).message}; counts that land between reading and clearing an entry are missed`);
      }
    }
    const entries = this.map.entries();
    for (const [key] of entries) this.map.delete(key);
    return entries;
  }
}

/**
 * The counters of map `name` in `collection`: swapped tables when it is a
 * map of maps (its tables are `<name>_0` and `<name>_1`), taken entries when
 * it is a plain map. `warn` hears, once, that counts cannot be exact here.
 */
export function intervalCounters(collection: Collection, name: string, warn: (message: string) => void): IntervalCounters {
  const map = collection.map(name);
  if (map.type === MapType.ARRAY_OF_MAPS || map.type === MapType.HASH_OF_MAPS) {
    return new SwappedTables(map, [collection.map(`${name}_0`), collection.map(`${name}_1`)]);
  }
  return new TakenEntries(map, warn);
}
