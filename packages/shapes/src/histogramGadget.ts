import { createDecoder, type CollectionOptions, type Decoder } from '@gadgetry/native-bpf';
import type { HistogramResult, ResultHandler, TObject } from '@gadgetry/sdk';
import { intervalCounters, type IntervalCounters } from './intervalCounters.js';
import { addCounts, histogramCounts, log2Histogram } from './log2Histogram.js';
import { loadForRun, type RunObject } from './loadForRun.js';
import { intervalMs } from './intervalMs.js';
import type { ShapeInstance } from './ShapeInstance.js';
import { ShapeRun, type ShapeObjectOptions } from './ShapeRun.js';

/** The map of <gadgetry/histogram.h> that counts values whose key found no room. */
export const HISTOGRAM_MISSED_MAP = 'gadget_histogram_missed';

/** What the histograms of a keyed map are of, and how a key reads. */
export interface HistogramKey<K> {
  /** Name of the key struct in the object's BTF (keep it there with GADGET_EVENT_TYPE). */
  struct: string;
  /** Its TypeBox schema (the generated one in src/event.generated.ts). */
  schema: TObject;
  /** What the keys are, for the title of each histogram: "disk" gives `disk = sda`. */
  name: string;
  /** The text of a key ("sda"); keys with the same text are added into one histogram. */
  label(key: K): string;
}

export interface HistogramGadgetOptions<P, K> extends ShapeObjectOptions {
  /** Path or bytes of the compiled BPF object. */
  object: string | Buffer;
  /** The histogram map, declared with GADGET_HISTOGRAM (<gadgetry/histogram.h>). */
  map: string;
  /** What the program holds between a start and an end ("block I/O requests"), for the warning when its table (gadget_pending_store) is full. */
  inFlight?: string;
  /** For a map with one histogram per key; without it every entry is added into one. */
  key?: HistogramKey<K>;
  /** Turns validated params into load options, the unit, and the interval. Throw to reject a value. */
  configure(params: P): Pick<CollectionOptions, 'globals' | 'skipPrograms' | 'mapSizes'> & {
    /** What the counted values are: "usecs". */
    unit: string;
    /** Seconds between results; 0 or absent: one result, at the end of the run. */
    intervalSeconds?: number;
    /** One histogram per key (default when `key` is given); false adds them all into one. */
    perKey?: boolean;
  };
}

/**
 * A complete profile gadget instance around log2 histograms the kernel fills
 * (<gadgetry/histogram.h>): it reads and clears them at the end of the run
 * and returns them from result(), and, with an interval, every interval
 * through the result handler, so each result covers its own span and every
 * value lands in exactly one of them (the tables are swapped as
 * mapIntervalGadget's are). The runtime prints the results as bars.
 */
export function histogramGadget<P, K = Record<string, unknown>>(
  o: HistogramGadgetOptions<P, K>,
): ShapeInstance<P, never, 'init' | 'setResultHandler' | 'setMountNsFilter' | 'start' | 'stop' | 'close' | 'result' | 'kernelCost'> {
  const run = new ShapeRun<P>(o);
  let object: RunObject | undefined;
  let counters: IntervalCounters | undefined;
  let decodeKey: Decoder<K> | undefined;
  let config: ReturnType<typeof o.configure> | undefined;
  let report: ResultHandler = () => {};
  let timer: NodeJS.Timeout | undefined;
  /** The read in progress, so stop() waits for it and no value is dropped. */
  let reading: Promise<void> = Promise.resolve();
  let last: HistogramResult | undefined;
  let missedSeen = 0;

  const perKey = () => o.key !== undefined && config?.perKey !== false;

  /** Takes what the kernel counted since the last read: one result. */
  const take = async (): Promise<HistogramResult> => {
    const entries = await counters!.takeEntries();
    const byLabel = new Map<string, number[]>();
    for (const [key, value] of entries) {
      const label = perKey() ? o.key!.label(decodeKey!(key, 0)) : '';
      byLabel.set(label, addCounts(byLabel.get(label) ?? [], histogramCounts(value)));
    }
    warnMissed();
    const result: HistogramResult = { type: 'histogram', unit: config!.unit, histograms: [] };
    if (perKey()) {
      result.keyName = o.key!.name;
      const labels = [...byLabel.keys()].sort((a, b) => a.localeCompare(b));
      result.histograms = labels.map((l) => log2Histogram(byLabel.get(l)!, l));
    } else if (byLabel.size > 0) {
      result.histograms = [log2Histogram(byLabel.get('')!)];
    }
    return result;
  };

  const warnMissed = () => {
    const c = object?.collection;
    const m = c && !c.closed ? c.maps.get(HISTOGRAM_MISSED_MAP) : undefined;
    const missed = m ? m.sumPerCpuU64(Buffer.alloc(4)) : 0;
    if (missed > missedSeen) {
      const what = o.key ? `${o.key.name}s` : 'keys';
      run.ctx?.logger.warn(`${missed - missedSeen} values not counted: the histogram map ${o.map} has no room for more ${what}`);
    }
    missedSeen = missed;
  };

  const fail = (err: unknown) => {
    clearInterval(timer);
    run.fail(err, 'reading the histogram');
  };

  return {
    init(c) {
      run.init(c);
      config = o.configure(c.params);
      if (config.intervalSeconds) intervalMs(config.intervalSeconds);
    },
    setResultHandler(handler) {
      report = handler;
    },
    setMountNsFilter(filter) {
      run.addMountNsFilter(filter);
    },
    async start() {
      run.prepareKernel();
      const { intervalSeconds, unit: _unit, perKey: _perKey, ...load } = config!;
      object = await loadForRun(o.object, { ...load, ...run.requirements() }, run.filters());
      run.track(object.collection);
      const c = object.collection;
      if (o.key) decodeKey = createDecoder<K>(c.structLayout(o.key.struct), o.key.schema);
      counters = intervalCounters(c, o.map, (message) => run.ctx?.logger.warn(message));
      await counters.start();
      object.attach();
      if (!intervalSeconds) return;
      let busy = false;
      timer = setInterval(() => {
        // a swap waits for the kernel; a tick that comes meanwhile is folded into the next result
        if (busy) return;
        busy = true;
        reading = take().then(
          (result) => {
            busy = false;
            report(result);
          },
          (err: unknown) => {
            busy = false;
            fail(err);
          },
        );
      }, intervalMs(intervalSeconds));
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await reading;
      const c = object?.collection;
      if (!c || c.closed || !counters) return;
      c.detachAll();
      // what was counted since the last result: nothing writes to the tables any more
      last = await take();
      const lost = c.losses().pending_full;
      const what = o.inFlight ?? 'calls';
      if (lost) run.ctx?.logger.warn(`${lost} ${what} not counted: too many ${what} in flight (pending table full)`);
    },
    close() {
      clearInterval(timer);
      object?.release();
    },
    result() {
      return last;
    },
    kernelCost: () => run.kernelCost(),
  };
}
