import type { GadgetInfo, MetricsExport, MetricsExportOptions, MetricsSupport } from '@gadgetry/runtime';
import { RunMetrics } from './RunMetrics.js';
import { PrometheusServer } from './PrometheusServer.js';
import { OtlpExport } from './OtlpExport.js';

/** Starts a run's metrics: the store, and the Prometheus endpoint and OTLP pushes asked for. */
async function start(info: GadgetInfo, o: MetricsExportOptions): Promise<MetricsExport> {
  const metrics = new RunMetrics(info);
  const collect = () => {
    metrics.refresh();
    return metrics.store.families();
  };
  const server = o.prometheus ? await PrometheusServer.listen(o.prometheus, collect) : undefined;
  if (server && o.prometheus) {
    const host = o.prometheus.host.includes(':') ? `[${o.prometheus.host}]` : o.prometheus.host;
    o.io.err(`metrics: http://${host}:${server.port}/metrics\n`);
  }
  let lastError = '';
  const otlp = o.otlp
    ? new OtlpExport(o.otlp, collect, o.otlpIntervalMs, (line) => {
        // one line per kind of failure, not one per push
        if (line !== lastError) o.io.err(`warning: ${line}\n`);
        lastError = line;
      })
    : undefined;
  return {
    observe: (message) => metrics.observe(message),
    async close() {
      await otlp?.close();
      await server?.close();
      for (const d of metrics.droppedUpdates()) {
        o.io.err(`warning: metric ${d.name} kept ${d.maxLabelSets} label sets and dropped ${d.dropped} updates for more (gadgetry_metric_updates_dropped_total)\n`);
      }
    },
  };
}

/** What the gadgetry command passes to the runtime for --metrics and --otlp. */
export const metricsSupport: MetricsSupport = { start };
