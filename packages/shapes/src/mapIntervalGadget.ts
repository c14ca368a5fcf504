import { createDecoder, type CollectionOptions } from '@gadgetry/native-bpf';
import type { TObject } from '@gadgetry/sdk';
import { intervalCounters } from './intervalCounters.js';
import { loadForRun, type RunObject } from './loadForRun.js';
import type { OptionalPrograms } from './optionalPrograms.js';
import { intervalMs } from './intervalMs.js';
import type { ShapeInstance } from './ShapeInstance.js';
import { ShapeRun } from './ShapeRun.js';

export interface MapIntervalGadgetOptions<P, E = unknown> {
  /** Path or bytes of the compiled BPF object. */
  object: string | Buffer;
  /**
   * The map the BPF programs count into: a map of maps declared with
   * GADGET_INTERVAL_MAP (<gadgetry/interval_map.h>) for exact counts, or a
   * plain hash map (each entry read and deleted in one step).
   */
  map: string;
  /** Name of the map's value struct in the object's BTF: one row per entry. */
  struct: string;
  /** The gadget's TypeBox event schema (read from the value struct). */
  schema: TObject;
  /** Object name in kernel listings. */
  name?: string;
  /** Turns validated params into load options and the interval. Throw to reject a value. */
  configure(params: P): Pick<CollectionOptions, 'globals' | 'skipPrograms'> & { intervalSeconds: number };
  /** What the calls held between entry and exit are ("reads and writes"), for the warning when their table is full. */
  inFlight?: string;
  /**
   * A per-CPU u64 counter (a one-slot PERCPU_ARRAY) the programs bump for each
   * call they could not count because the interval's table was full; its
   * growth is reported as lost (`gadget_lost`), `what` naming those calls.
   */
  tableFull?: { map: string; what: string };
  /** Fills the computed fields of a row in place (an average from a sum and a count). */
  complete?(row: E): void;
  /** Programs the gadget can do without where the kernel lacks their hooks (reported once each). */
  optionalPrograms?: (OptionalPrograms | string)[];
  /** The oldest Linux the gadget runs on ("5.8"); older kernels are refused before anything is loaded. */
  minKernel?: string;
  /** The Linux version each required program's hook arrived in (program name or section -> "6.3"): a kernel without one is refused naming both. */
  hooksAddedIn?: Record<string, string>;
}

/**
 * A complete interval gadget instance around a map of counters: every
 * interval it reads all entries, clears them, and emits them as one table,
 * so each table covers one interval and, over a run, every count lands in
 * exactly one table.
 */
export function mapIntervalGadget<P, E>(
  o: MapIntervalGadgetOptions<P, E>,
): ShapeInstance<P, E, 'init' | 'setEventHandlerArray' | 'setMountNsFilter' | 'start' | 'stop' | 'close' | 'kernelCost'> {
  const run = new ShapeRun<P>(o);
  let object: RunObject | undefined;
  let timer: NodeJS.Timeout | undefined;
  let emit: (rows: E[]) => void = () => {};
  let config: ReturnType<typeof o.configure> | undefined;
  let running = false;
  let fullSeen = 0;
  /** Reports the calls the full table turned away since the last look. */
  const reportTableFull = () => {
    const c = object?.collection;
    const m = o.tableFull && c && !c.closed ? c.maps.get(o.tableFull.map) : undefined;
    if (!m) return;
    const full = m.sumPerCpuU64(Buffer.alloc(4));
    if (full > fullSeen) {
      const table = c!.maps.get(`${o.map}_0`) ?? c!.maps.get(o.map);
      const limit = table ? ` (${table.maxEntries} rows per interval)` : '';
      run.lost(full - fullSeen, 'gadget_lost', `${o.tableFull!.what} not counted: the interval's table was full${limit}`);
      fullSeen = full;
    }
  };
  const fail = (err: unknown) => {
    clearInterval(timer);
    run.fail(err, 'reading the counters');
  };
  return {
    init(c) {
      run.init(c);
      config = o.configure(c.params);
      intervalMs(config.intervalSeconds);
    },
    setEventHandlerArray(handler) {
      emit = handler;
    },
    setMountNsFilter(filter) {
      run.addMountNsFilter(filter);
    },
    async start() {
      run.prepareKernel();
      const { intervalSeconds, ...load } = config!;
      object = await loadForRun(o.object, { ...load, ...run.requirements() }, run.filters());
      run.track(object.collection);
      const c = object.collection;
      const decode = createDecoder<E>(c.structLayout(o.struct), o.schema);
      const counters = intervalCounters(c, o.map, (message) => run.ctx?.logger.warn(message));
      await counters.start();
      object.attach();
      running = true;
      let busy = false;
      timer = setInterval(() => {
        // A swap waits for the kernel; a tick that comes meanwhile is folded into the next table.
        if (busy) return;
        busy = true;
        counters.take().then(
          (values) => {
            busy = false;
            if (!running) return;
            let rows: E[];
            try {
              rows = values.map((value) => decode(value, 0));
              if (o.complete) rows.forEach((row) => o.complete!(row));
            } catch (err) {
              fail(err);
              return;
            }
            emit(rows);
            reportTableFull();
          },
          (err: unknown) => {
            busy = false;
            if (running) fail(err);
          },
        );
      }, intervalMs(intervalSeconds));
    },
    stop() {
      running = false;
      clearInterval(timer);
      const c = object?.collection;
      c?.detachAll();
      reportTableFull();
      const lost = c && !c.closed ? c.losses().pending_full : 0;
      const calls = o.inFlight ?? 'calls';
      if (lost) run.ctx?.logger.warn(`${lost} ${calls} not counted: too many ${calls} in flight (pending table full)`);
    },
    close() {
      running = false;
      object?.release();
    },
    kernelCost: () => run.kernelCost(),
  };
}
