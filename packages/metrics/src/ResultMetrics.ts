import type { ResultMetric } from '@gadgetry/sdk';
import type { MetricFamily, MetricStore } from './MetricStore.js';
import { metricName } from './metricNames.js';

/** Time units of histogram results, as seconds. */
const TO_SECONDS: Record<string, number> = { nsecs: 1e-9, usecs: 1e-6, msecs: 1e-3, secs: 1 };
/** Log2 slots kept as buckets: 0-1, 2-3, 4-7 … up to 2^32-1 of the unit; larger values land in +Inf. */
const LOG2_BUCKETS = 32;
/** Keys (disks) one result metric keeps. */
const MAX_KEYS = 1000;

interface Slot {
  low: number;
  high: number;
  count: number;
}
interface ResultHistogram {
  key?: string;
  slots: Slot[];
}

function histogramsOf(value: unknown): { unit: string; keyName?: string; histograms: ResultHistogram[] } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  if (r.type !== 'histogram' || typeof r.unit !== 'string' || !Array.isArray(r.histograms)) return undefined;
  return r as never;
}

/**
 * A profile gadget's histogram results (HistogramResult) as one Prometheus
 * histogram: each result covers its own span, so they are added up. A slot's
 * values are counted at its middle for the _sum (the kernel keeps no sum).
 */
export class ResultMetrics {
  readonly #byUnit = new Map<string, MetricFamily>();

  constructor(
    private readonly gadget: string,
    private readonly metric: ResultMetric,
    private readonly store: MetricStore,
  ) {}

  #family(unit: string, keyName: string | undefined): { family: MetricFamily; scale: number } {
    const scale = TO_SECONDS[unit] ?? 1;
    const suffix = TO_SECONDS[unit] !== undefined ? 'seconds' : metricName(unit);
    const name = `gadgetry_${metricName(this.gadget)}_${this.metric.name}_${suffix}`;
    let family = this.#byUnit.get(name);
    if (!family) {
      const buckets = Array.from({ length: LOG2_BUCKETS }, (_, k) => (2 ** (k + 1) - 1) * scale);
      const labelNames = keyName ? [metricName(keyName), 'node'] : ['node'];
      const unitOf = suffix === 'seconds' ? 's' : suffix === 'bytes' ? 'By' : suffix;
      family = this.store.family({ name, help: this.metric.description, kind: 'histogram', labelNames, buckets, maxLabelSets: MAX_KEYS, unit: unitOf });
      this.#byUnit.set(name, family);
    }
    return { family, scale };
  }

  observe(value: unknown, node: string): void {
    const result = histogramsOf(value);
    if (!result) return;
    const { family, scale } = this.#family(result.unit, result.keyName);
    const keyed = family.o.labelNames.length > 1;
    for (const h of result.histograms) {
      const labels = keyed ? [h.key ?? '', node] : [node];
      for (const s of h.slots) if (s.count > 0) family.observe(labels, ((s.low + s.high) / 2) * scale, s.count);
    }
  }
}
