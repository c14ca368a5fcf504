import { Registry } from 'prom-client';
import type { MetricFamily } from './MetricStore.js';

/** A sample as prom-client's text writer reads it; metricName for a histogram's _bucket, _sum and _count lines. */
type Values = { metricName?: string; labels: Record<string, string>; value: number }[];

/** One family's samples as prom-client writes them: a histogram's buckets cumulative, with _sum and _count. */
function samplesOf(f: MetricFamily): Values {
  const values: Values = [];
  for (const s of f.series.values()) {
    if (f.o.kind !== 'histogram') {
      values.push({ labels: { ...s.labels }, value: s.value });
      continue;
    }
    let cumulative = 0;
    f.buckets.forEach((le, i) => {
      cumulative += s.counts![i]!;
      values.push({ metricName: `${f.o.name}_bucket`, labels: { ...s.labels, le: String(le) }, value: cumulative });
    });
    values.push({ metricName: `${f.o.name}_bucket`, labels: { ...s.labels, le: '+Inf' }, value: s.value });
    values.push({ metricName: `${f.o.name}_sum`, labels: { ...s.labels }, value: s.sum! });
    values.push({ metricName: `${f.o.name}_count`, labels: { ...s.labels }, value: s.value });
  }
  return values;
}

/** The families in Prometheus text format (prom-client escapes names, help and label values). */
export async function prometheusText(families: readonly MetricFamily[]): Promise<{ text: string; contentType: string }> {
  const registry = new Registry();
  for (const f of families) {
    const snapshot = { name: f.o.name, help: f.o.help, type: f.o.kind, aggregator: 'sum' as const };
    // prom-client takes any object that gives its samples from get(): the store keeps them, bounded
    registry.registerMetric({ ...snapshot, get: async () => ({ ...snapshot, values: samplesOf(f) }) } as never);
  }
  return { text: await registry.metrics(), contentType: registry.contentType };
}
