import type { OperatorInstance } from '@gadgetry/sdk';

export type GadgetEvent = Record<string, unknown>;

export interface BatchInfo {
  /** True when the batch is a whole table (an interval or a snapshot), false for a stream slice. */
  table: boolean;
}

export type BatchSink = (events: GadgetEvent[], info: BatchInfo) => void;

export interface EventPipelineOptions {
  operators: OperatorInstance[];
  sink: BatchSink;
  /** Collect every event and emit one table at the end (one-shot gadgets). */
  collectAll?: boolean;
  /** Flush a stream batch when it reaches this size; otherwise on the next macrotask. */
  maxBatch?: number;
  /** The gadget enriches some events itself first (setEventEnricher): remember which. */
  trackEnriched?: boolean;
}

/**
 * Carries events from a gadget to the outputs: operator enrichers (in
 * dependency order, any of which may drop the event), then batch processors
 * (sort, limit) on tables, then the sink. Streams are delivered in batches so
 * that outputs write once per batch, not once per event.
 */
export class EventPipeline {
  readonly #enrichers: NonNullable<OperatorInstance['enrichEvent']>[];
  readonly #processors: NonNullable<OperatorInstance['processBatch']>[];
  readonly #sink: BatchSink;
  readonly #collectAll: boolean;
  readonly #maxBatch: number;
  readonly #enriched: WeakSet<object> | undefined;
  #buffer: GadgetEvent[] = [];
  #scheduled: NodeJS.Immediate | undefined;
  #count = 0;

  constructor(options: EventPipelineOptions) {
    this.#enrichers = options.operators.flatMap((o) => (o.enrichEvent ? [o.enrichEvent.bind(o)] : []));
    this.#processors = options.operators.flatMap((o) => (o.processBatch ? [o.processBatch.bind(o)] : []));
    this.#sink = options.sink;
    this.#collectAll = options.collectAll ?? false;
    this.#maxBatch = options.maxBatch ?? 4096;
    this.#enriched = options.trackEnriched ? new WeakSet() : undefined;
  }

  /** Events that reached the sink or are waiting for it. */
  get count(): number {
    return this.#count;
  }

  /** Runs the operator enrichers on one event; false when an operator drops it. */
  enrich(event: GadgetEvent): boolean {
    if (this.#enriched) {
      if (this.#enriched.has(event)) return true;
      this.#enriched.add(event);
    }
    for (const enrich of this.#enrichers) if (enrich(event) === false) return false;
    return true;
  }

  /** One event from a gadget's setEventHandler. */
  push(event: GadgetEvent): void {
    if (!this.enrich(event)) return;
    this.#count++;
    this.#buffer.push(event);
    if (this.#collectAll) return;
    if (this.#buffer.length >= this.#maxBatch) this.flush();
    else this.#scheduled ??= setImmediate(() => this.flush());
  }

  /** A batch from setEventHandlerArray: for interval gadgets, one whole table. */
  pushArray(events: GadgetEvent[], table: boolean): void {
    const kept = events.filter((e) => this.enrich(e));
    if (this.#collectAll) {
      this.#count += kept.length;
      // a loop, not push(...kept): a snapshot can hold more rows than a call has arguments
      for (const e of kept) this.#buffer.push(e);
      return;
    }
    if (!table) {
      for (const e of kept) this.#buffer.push(e);
      this.#count += kept.length;
      this.flush();
      return;
    }
    const processed = this.#process(kept);
    this.#count += processed.length;
    this.#sink(processed, { table: true });
  }

  #process(events: GadgetEvent[]): GadgetEvent[] {
    let out = events;
    for (const p of this.#processors) out = p(out);
    return out;
  }

  /** Delivers what is buffered of a stream. */
  flush(): void {
    if (this.#scheduled) clearImmediate(this.#scheduled);
    this.#scheduled = undefined;
    if (this.#collectAll || this.#buffer.length === 0) return;
    const batch = this.#buffer;
    this.#buffer = [];
    this.#sink(batch, { table: false });
  }

  /** End of the run: delivers the buffered stream, or the collected table. */
  end(): void {
    if (!this.#collectAll) return this.flush();
    const table = this.#process(this.#buffer);
    this.#buffer = [];
    this.#count = table.length;
    this.#sink(table, { table: true });
  }
}
