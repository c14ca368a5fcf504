import { ExportResultCode } from '@opentelemetry/core';
import type { LogRecordExporter, LogRecordProcessor, ReadableLogRecord, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';

export interface BoundedLogBatchOptions {
  /** Records held while waiting to be sent; past it a record is dropped and counted. */
  maxQueued: number;
  /** Records per push. */
  batchSize: number;
  /** A push at least this often while records wait (ms). */
  intervalMs: number;
  /** How long shutdown may wait for the last pushes (ms). */
  closeTimeoutMs: number;
  /** A push that failed, one line (the caller decides how often to show it). */
  onError?: (message: string) => void;
}

/**
 * Batches log records for an exporter within a fixed bound, one push at a
 * time. The SDK's batch processor also drops past its queue, but counts the
 * drops only in its own self-metrics; here every record that does not reach
 * the receiver is counted (queue full, or a push that failed), because a
 * run reports what it lost.
 */
export class BoundedLogBatch implements LogRecordProcessor {
  #queue: ReadableLogRecord[] = [];
  #inFlight: Promise<void> | undefined;
  #timer: NodeJS.Timeout;
  #closed = false;
  /** Records dropped because the queue was full. */
  dropped = 0;
  /** Records in pushes the receiver did not take. */
  failed = 0;
  /** Records the receiver took. */
  sent = 0;

  constructor(
    private readonly exporter: LogRecordExporter,
    private readonly o: BoundedLogBatchOptions,
  ) {
    this.#timer = setInterval(() => void this.#push(), o.intervalMs);
    this.#timer.unref();
  }

  onEmit(record: ReadWriteLogRecord): void {
    if (this.#closed || this.#queue.length >= this.o.maxQueued) {
      this.dropped++;
      return;
    }
    this.#queue.push(record);
    if (this.#queue.length >= this.o.batchSize) void this.#push();
  }

  /** Sends one batch unless one is on its way; chains the next while a full batch waits. */
  #push(): Promise<void> {
    if (this.#inFlight || this.#queue.length === 0) return this.#inFlight ?? Promise.resolve();
    const batch = this.#queue.splice(0, this.o.batchSize);
    this.#inFlight = new Promise<void>((resolve) => {
      this.exporter.export(batch, (result) => {
        if (result.code === ExportResultCode.SUCCESS) this.sent += batch.length;
        else {
          this.failed += batch.length;
          this.o.onError?.(result.error?.message ?? 'the receiver refused the records');
        }
        this.#inFlight = undefined;
        resolve();
        if (this.#queue.length >= this.o.batchSize) void this.#push();
      });
    });
    return this.#inFlight;
  }

  /** Sends everything queued now. */
  async forceFlush(): Promise<void> {
    while (this.#inFlight || this.#queue.length > 0) await (this.#inFlight ?? this.#push());
  }

  /** Sends what is queued within closeTimeoutMs; what is still queued then is counted as dropped. */
  async shutdown(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.o.closeTimeoutMs)));
    await Promise.race([this.forceFlush(), late]);
    clearTimeout(timer);
    this.dropped += this.#queue.length;
    this.#queue = [];
    await this.exporter.shutdown().catch(() => {});
  }
}
