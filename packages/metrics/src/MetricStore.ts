/** How a family's series accumulate. */
export type MetricKind = 'counter' | 'gauge' | 'histogram';

/** Longest label value kept; longer ones are cut (a path can be 4 KiB). */
export const MAX_LABEL_VALUE_CHARS = 256;

/** One series: a value, or a histogram's per-bucket counts (not cumulative; the last is +Inf). */
export interface Series {
  labels: Readonly<Record<string, string>>;
  value: number;
  counts?: number[];
  sum?: number;
}

export interface FamilyOptions {
  name: string;
  help: string;
  kind: MetricKind;
  labelNames: readonly string[];
  /** Histograms: ascending upper bounds, +Inf implied. */
  buckets?: readonly number[];
  /** Distinct label sets kept; updates for more are dropped and counted. */
  maxLabelSets: number;
  /** The unit, for OTLP (`By`, `s`); Prometheus has it in the name. */
  unit?: string;
}

/**
 * The series of one metric, at most `maxLabelSets` of them: an update that
 * would add one more is dropped and counted in `dropped`, so a label with
 * unbounded values (a path, an address) costs bounded memory.
 */
export class MetricFamily {
  readonly series = new Map<string, Series>();
  /** Updates dropped because the family held maxLabelSets label sets already. */
  dropped = 0;
  readonly buckets: readonly number[];

  constructor(readonly o: FamilyOptions) {
    this.buckets = o.buckets ?? [];
  }

  /** The series of these label values (in labelNames' order), made when there is room; undefined when dropped. */
  #seriesOf(given: readonly string[]): Series | undefined {
    // cut first: two values that differ only past the cut are one series, never two with the same labels
    const values = given.map((v) => (v.length > MAX_LABEL_VALUE_CHARS ? v.slice(0, MAX_LABEL_VALUE_CHARS) : v));
    const key = values.length === 0 ? '' : JSON.stringify(values);
    const found = this.series.get(key);
    if (found) return found;
    if (this.series.size >= this.o.maxLabelSets) {
      this.dropped++;
      return undefined;
    }
    const labels: Record<string, string> = {};
    this.o.labelNames.forEach((name, i) => (labels[name] = values[i] ?? ''));
    const made: Series = { labels, value: 0 };
    if (this.o.kind === 'histogram') {
      made.counts = new Array<number>(this.buckets.length + 1).fill(0);
      made.sum = 0;
    }
    this.series.set(key, made);
    return made;
  }

  /** Counter: adds a value (negative and non-finite ones are ignored). */
  add(values: readonly string[], by: number): void {
    if (!(by >= 0) || !Number.isFinite(by)) return;
    const s = this.#seriesOf(values);
    if (s) s.value += by;
  }

  /** Gauge, or a counter the run reports as a running total: sets the value. */
  set(values: readonly string[], to: number): void {
    if (!Number.isFinite(to)) return;
    const s = this.#seriesOf(values);
    if (s) s.value = to;
  }

  /** Histogram: `count` values of `value` (count > 1 for pre-bucketed data). */
  observe(values: readonly string[], value: number, count = 1): void {
    if (!Number.isFinite(value) || !(count > 0)) return;
    const s = this.#seriesOf(values);
    if (!s) return;
    let i = this.buckets.findIndex((le) => value <= le);
    if (i < 0) i = this.buckets.length;
    s.counts![i]! += count;
    s.sum! += value * count;
    s.value += count;
  }
}

/** Every metric of one run, by name; what the Prometheus and OTLP exports read. */
export class MetricStore {
  readonly #families = new Map<string, MetricFamily>();

  /** The family named o.name, made on first use. */
  family(o: FamilyOptions): MetricFamily {
    let f = this.#families.get(o.name);
    if (!f) {
      f = new MetricFamily(o);
      this.#families.set(o.name, f);
    }
    return f;
  }

  families(): MetricFamily[] {
    return [...this.#families.values()];
  }
}
