import type { GadgetInfo, MetricsExport, MetricsExportOptions, MetricsSupport } from '@gadgetry/runtime';
import type { KindContext } from '@gadgetry/kinds';
import { RunMetrics } from './RunMetrics.js';
import { PrometheusServer } from './PrometheusServer.js';
import { OtlpExport } from './OtlpExport.js';
import { OtlpLogExport, logsUrlOf, type LogLoss } from './OtlpLogExport.js';

/** One line per kind of failure, not one per push. */
function onceEach(write: (line: string) => void): (line: string) => void {
  let last = '';
  return (line) => {
    if (line !== last) write(`warning: ${line}\n`);
    last = line;
  };
}

/** Starts the OTLP logs of the run's events beside its metrics, when the metrics URL says where. */
function startLogs(info: GadgetInfo, o: MetricsExportOptions, ctx: KindContext): OtlpLogExport | undefined {
  if (!o.otlp) return undefined;
  const url = logsUrlOf(o.otlp);
  if (url) return new OtlpLogExport(url, info, ctx, onceEach(o.io.err));
  o.io.err(`warning: events are not pushed as OTLP logs: --otlp ${o.otlp.href} names a path other than …/v1/metrics, so where logs go is unknown; give the receiver's base URL (e.g. http://127.0.0.1:4318)\n`);
  return undefined;
}

const lossLine = (l: LogLoss) =>
  `warning: --otlp: ${l.dropped + l.failed} events were not pushed as logs (${l.dropped} dropped while the receiver was behind, ${l.failed} in pushes it did not take) (gadgetry_otlp_log_records_lost_total)\n`;

/** Starts a run's metrics: the store, and the Prometheus endpoint and OTLP pushes asked for. */
async function start(info: GadgetInfo, o: MetricsExportOptions): Promise<MetricsExport> {
  const metrics = new RunMetrics(info);
  const ctx: KindContext = {};
  const logs = startLogs(info, o, ctx);
  const logsLost = logs
    ? metrics.store.family({ name: 'gadgetry_otlp_log_records_lost_total', help: 'Events not pushed as OTLP logs, by reason', kind: 'counter', labelNames: ['gadget', 'reason'], maxLabelSets: 2 })
    : undefined;
  const collect = () => {
    metrics.refresh();
    if (logs && logsLost) {
      const l = logs.loss();
      logsLost.set([info.name, 'dropped'], l.dropped);
      logsLost.set([info.name, 'failed'], l.failed);
    }
    return metrics.store.families();
  };
  const server = o.prometheus ? await PrometheusServer.listen(o.prometheus, collect) : undefined;
  if (server && o.prometheus) {
    const host = o.prometheus.host.includes(':') ? `[${o.prometheus.host}]` : o.prometheus.host;
    o.io.err(`metrics: http://${host}:${server.port}/metrics\n`);
  }
  const otlp = o.otlp ? new OtlpExport(o.otlp, collect, o.otlpIntervalMs, onceEach(o.io.err)) : undefined;
  return {
    observe: (message) => {
      metrics.observe(message);
      if (!logs) return;
      if (message.type === 'started') {
        ctx.arch = message.host.arch;
        const offset = BigInt(message.host.bootToEpochNs);
        ctx.bootToEpochNs = () => offset;
      } else if (message.type === 'events') logs.observe(message.events, message.node);
    },
    async close() {
      // the logs first: their losses are in the last metrics push
      const lost = await logs?.close();
      await otlp?.close();
      await server?.close();
      if (lost && lost.dropped + lost.failed > 0) o.io.err(lossLine(lost));
      for (const d of metrics.droppedUpdates()) {
        o.io.err(`warning: metric ${d.name} kept ${d.maxLabelSets} label sets and dropped ${d.dropped} updates for more (gadgetry_metric_updates_dropped_total)\n`);
      }
    },
  };
}

/** What the gadgetry command passes to the runtime for --metrics and --otlp. */
export const metricsSupport: MetricsSupport = { start };
