import { SeverityNumber, type Logger } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import type { GadgetInfo } from '@gadgetry/runtime';
import type { KindContext } from '@gadgetry/kinds';
import { BoundedLogBatch, type BoundedLogBatchOptions } from './BoundedLogBatch.js';
import { EventLogRecords } from './eventLogRecord.js';

/** Bounds of the events waiting to be pushed as logs: a receiver that is slow or gone costs at most this much memory. */
export const OTLP_LOG_BOUNDS: Omit<BoundedLogBatchOptions, 'onError'> = { maxQueued: 8192, batchSize: 512, intervalMs: 1000, closeTimeoutMs: 5000 };

/**
 * Where OTLP/HTTP logs go beside a metrics URL: the same base with
 * /v1/logs; undefined when the metrics URL has a path of its own, which
 * says nothing of where logs would be taken.
 */
export function logsUrlOf(metricsUrl: URL): URL | undefined {
  if (!metricsUrl.pathname.endsWith('/v1/metrics')) return undefined;
  const url = new URL(metricsUrl.href);
  url.pathname = `${url.pathname.slice(0, -'/v1/metrics'.length)}/v1/logs`;
  return url;
}

/** What did not reach the receiver. */
export interface LogLoss {
  /** Dropped because the queue was full (or still full when the run ended). */
  dropped: number;
  /** In pushes the receiver did not take. */
  failed: number;
}

/**
 * A run's events pushed as OTLP log records with the OpenTelemetry SDK:
 * one record per event, its body the event as JSON output writes it, its
 * attributes the gadget and the node, its time the event's own.
 */
export class OtlpLogExport {
  readonly #provider: LoggerProvider;
  readonly #batch: BoundedLogBatch;
  readonly #logger: Logger;
  readonly #records: EventLogRecords;
  readonly #gadget: string;

  constructor(url: URL, info: GadgetInfo, ctx: KindContext, onError: (message: string) => void = () => {}, bounds = OTLP_LOG_BOUNDS) {
    this.#batch = new BoundedLogBatch(new OTLPLogExporter({ url: url.href }), { ...bounds, onError: (m) => onError(`--otlp log push to ${url.href} failed: ${m}`) });
    this.#provider = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': 'gadgetry' }), processors: [this.#batch] });
    this.#logger = this.#provider.getLogger('@gadgetry/metrics');
    this.#records = new EventLogRecords(info, ctx);
    this.#gadget = info.name;
  }

  observe(events: readonly Record<string, unknown>[], node: string): void {
    for (const e of events) {
      const r = this.#records.of(e);
      this.#logger.emit({
        eventName: `gadgetry.${this.#gadget}`,
        severityNumber: SeverityNumber.INFO,
        severityText: 'INFO',
        body: r.body,
        attributes: { 'gadgetry.gadget': this.#gadget, 'gadgetry.node': node },
        ...(r.time ? { timestamp: r.time } : {}),
      });
    }
  }

  /** What has not got through so far. */
  loss(): LogLoss {
    return { dropped: this.#batch.dropped, failed: this.#batch.failed };
  }

  /** Pushes what is queued (within the close bound) and stops; returns what did not get through. */
  async close(): Promise<LogLoss> {
    await this.#provider.shutdown().catch(() => {});
    return this.loss();
  }
}
