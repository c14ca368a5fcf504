export { metricsSupport } from './metricsSupport.js';
export { RunMetrics } from './RunMetrics.js';
export { MetricStore, MetricFamily, MAX_LABEL_VALUE_CHARS, type MetricKind, type Series, type FamilyOptions } from './MetricStore.js';
export { prometheusText } from './prometheusText.js';
export { PrometheusServer } from './PrometheusServer.js';
export { OtlpExport, OTLP_INTERVAL_MS } from './OtlpExport.js';
