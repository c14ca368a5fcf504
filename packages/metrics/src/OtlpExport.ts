import { ValueType, type HrTime } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  PeriodicExportingMetricReader,
  type CollectionResult,
  type MetricData,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import type { MetricFamily } from './MetricStore.js';

/** Milliseconds between pushes unless told. */
export const OTLP_INTERVAL_MS = 5000;

const hrTime = (ms: number): HrTime => [Math.floor(ms / 1000), Math.round((ms % 1000) * 1e6)];

/** Prometheus counters end in _total; OTLP sums do not (receivers add it back). */
const otlpName = (f: MetricFamily) => (f.o.kind === 'counter' ? f.o.name.replace(/_total$/, '') : f.o.name);

/** One family as OTLP metric data: counters as cumulative monotonic sums, gauges, explicit-bucket histograms. */
function metricDataOf(f: MetricFamily, start: HrTime, end: HrTime): MetricData {
  const descriptor = { name: otlpName(f), description: f.o.help, unit: f.o.unit ?? '', valueType: ValueType.DOUBLE };
  const series = [...f.series.values()];
  const point = <T>(labels: Readonly<Record<string, string>>, value: T) => ({ startTime: start, endTime: end, attributes: { ...labels }, value });
  if (f.o.kind === 'histogram') {
    return {
      descriptor,
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints: series.map((s) => point(s.labels, { buckets: { boundaries: [...f.buckets], counts: [...s.counts!] }, sum: s.sum!, count: s.value })),
    };
  }
  if (f.o.kind === 'gauge') {
    return { descriptor, aggregationTemporality: AggregationTemporality.CUMULATIVE, dataPointType: DataPointType.GAUGE, dataPoints: series.map((s) => point(s.labels, s.value)) };
  }
  return {
    descriptor,
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.SUM,
    isMonotonic: true,
    dataPoints: series.map((s) => point(s.labels, s.value)),
  };
}

/**
 * Pushes the run's metrics to an OTLP/HTTP endpoint with the OpenTelemetry
 * SDK: its periodic reader collects them from the store (a MetricProducer:
 * the store already holds them aggregated) and its exporter sends them.
 */
export class OtlpExport {
  readonly #provider: MeterProvider;
  readonly #reader: PeriodicExportingMetricReader;

  constructor(url: URL, collect: () => MetricFamily[], intervalMs = OTLP_INTERVAL_MS, onError: (message: string) => void = () => {}) {
    const startMs = Date.now();
    const resource = resourceFromAttributes({ 'service.name': 'gadgetry' });
    const producer: MetricProducer = {
      collect: async (): Promise<CollectionResult> => {
        const start = hrTime(startMs);
        const end = hrTime(Date.now());
        const metrics = collect().map((f) => metricDataOf(f, start, end));
        return { resourceMetrics: { resource, scopeMetrics: [{ scope: { name: '@gadgetry/metrics' }, metrics }] }, errors: [] };
      },
    };
    const exporter = new OTLPMetricExporter({ url: url.href });
    const send = exporter.export.bind(exporter);
    // a failed push is reported once per failure, as one line; the run goes on
    exporter.export = (metrics, done) =>
      send(metrics, (result) => {
        if (result.error) onError(`--otlp push to ${url.href} failed: ${result.error.message}`);
        done(result);
      });
    this.#reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: intervalMs, exportTimeoutMillis: Math.min(intervalMs, 10_000), metricProducers: [producer] });
    this.#provider = new MeterProvider({ resource, readers: [this.#reader] });
  }

  /** Pushes what the run has now (the reader's last export, on shutdown) and stops. */
  async close(): Promise<void> {
    await this.#provider.shutdown().catch(() => {});
  }
}
