import type { GadgetInfo } from '../runner/GadgetInfo.js';
import type { RunStream } from '../runner/GadgetRunner.js';
import type { RunMessage } from '../runner/RunMessage.js';
import type { CliIO } from './CliIO.js';
import { isLoopback, parseMetricsListen, parseOtlpEndpoint, type MetricsExport, type MetricsSupport } from './MetricsSupport.js';
import { takeFlag, type ParsedArgs } from './parseArgs.js';
import { UsageError } from '../errors.js';
import { INTERVAL_DEFAULT_ROWS } from '@gadgetry/operators';

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
 * Metrics count every row of a table, not the screenful the limit operator
 * keeps by default: without --max-rows the run keeps all rows (params gain
 * max-rows 0) and the output is cut to the default instead. Returns the rows
 * the output shows (0 for all), or undefined when the limit is the user's.
 */
export function allRowsForMetrics(info: GadgetInfo, params: Record<string, unknown>): number | undefined {
  if (!info.operators.some((o) => o.name === 'limit') || params['max-rows'] !== undefined || params.maxRows !== undefined) return undefined;
  params['max-rows'] = '0';
  return info.type === 'trace-intervals' ? INTERVAL_DEFAULT_ROWS : 0;
}

/**
 * The run's messages, each shown to the metrics first. `hideRunning`: the
 * cost reports made for the metrics alone (no --stats-interval) are not
 * passed on to the output. `shownRows`: tables are cut to that many rows
 * for the output (see allRowsForMetrics).
 */
export function withMetrics(stream: RunStream, metrics: MetricsExport, hideRunning: boolean, shownRows?: number): RunStream {
  return {
    pause: () => stream.pause(),
    resume: () => stream.resume(),
    async *[Symbol.asyncIterator](): AsyncIterator<RunMessage> {
      for await (const message of stream) {
        metrics.observe(message);
        if (hideRunning && message.type === 'stats' && message.stats.ended === 'running') continue;
        if (shownRows && message.type === 'table' && message.events.length > shownRows) yield { ...message, events: message.events.slice(0, shownRows) };
        else yield message;
      }
    },
  };
}
