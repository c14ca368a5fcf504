import type { GadgetInfo } from '../runner/GadgetInfo.js';
import type { RunStream } from '../runner/GadgetRunner.js';
import type { RunMessage } from '../runner/RunMessage.js';
import type { CliIO } from './CliIO.js';
import { isLoopback, parseMetricsListen, parseOtlpEndpoint, type MetricsExport, type MetricsSupport } from './MetricsSupport.js';
import { takeFlag, type ParsedArgs } from './parseArgs.js';
import { UsageError } from '../errors.js';

/** How often a run with --metrics and --stats reports its cost (what a scrape then reads). */
const METRICS_STATS_INTERVAL_MS = 2000;

/** --metrics and --otlp of one run, checked; `start` begins serving. */
export interface MetricsWanted {
  start(info: GadgetInfo, io: CliIO): Promise<MetricsExport & { statsIntervalMs: number }>;
}

/** Takes --metrics and --otlp from the args; undefined when neither is given. */
export function metricsFlags(args: ParsedArgs, support: MetricsSupport | undefined): MetricsWanted | undefined {
  const listenFlag = takeFlag(args, 'metrics');
  const otlpFlag = takeFlag(args, 'otlp');
  if (listenFlag === undefined && otlpFlag === undefined) return undefined;
  const prometheus = listenFlag !== undefined ? parseMetricsListen(listenFlag) : undefined;
  const otlp = otlpFlag !== undefined ? parseOtlpEndpoint(otlpFlag) : undefined;
  if (!support) {
    throw new UsageError('--metrics and --otlp need @gadgetry/metrics, which this embedding of @gadgetry/runtime lacks; use the gadgetry command (npm i -g gadgetry) or pass { metrics } from @gadgetry/metrics to runCli');
  }
  return {
    async start(info, io) {
      const started = await support.start(info, { ...(prometheus ? { prometheus } : {}), ...(otlp ? { otlp } : {}), io });
      if (prometheus && !isLoopback(prometheus.host)) io.err(`warning: --metrics serves ${prometheus.host}:${prometheus.port} beyond this host, without authentication\n`);
      return Object.assign(started, { statsIntervalMs: METRICS_STATS_INTERVAL_MS });
    },
  };
}

/**
 * The run's messages, each shown to the metrics first. `hideRunning`: the
 * cost reports made for the metrics alone (no --stats-interval) are not
 * passed on to the output.
 */
export function withMetrics(stream: RunStream, metrics: MetricsExport, hideRunning: boolean): RunStream {
  return {
    pause: () => stream.pause(),
    resume: () => stream.resume(),
    async *[Symbol.asyncIterator](): AsyncIterator<RunMessage> {
      for await (const message of stream) {
        metrics.observe(message);
        if (hideRunning && message.type === 'stats' && message.stats.ended === 'running') continue;
        yield message;
      }
    },
  };
}
