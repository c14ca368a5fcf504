import type { OperatorInstance } from '@gadgetry/sdk';
import type { EventCheck } from './EventCheck.js';
import type { FilledFieldsCheck } from './FilledFieldsCheck.js';
import { EventPathError } from './EventPathError.js';

export type GadgetEvent = Record<string, unknown>;

export interface BatchInfo {
  /** True when the batch is a whole table (an interval or a snapshot), false for a stream slice. */
  table: boolean;
}

export type BatchSink = (events: GadgetEvent[], info: BatchInfo) => void;

/** An operator instance with the name its errors are reported under. */
export interface NamedOperator {
  name: string;
  instance: OperatorInstance;
}

export interface EventPipelineOptions {
  /** Name of the gadget, for error messages. */
  gadget: string;
  operators: NamedOperator[];
  sink: BatchSink;
  /** Checks events against the gadget's schema before anything else sees them. */
  check?: EventCheck;
  /** Checks that computed and operator-declared fields were set, once the operators ran. */
  filled?: FilledFieldsCheck;
  /**
   * Told once of the first failure on the path (an enricher or processor
   * threw, the sink threw, strict validation failed); the pipeline then
   * takes no more events. Nothing is ever thrown back to the gadget.
   */
  onError(err: EventPathError): void;
  /** Told of events discarded because the pipeline had stopped after a failure. */
  onDiscard?(count: number): void;
  /** Collect every event and emit one table at the end (one-shot gadgets). */
  collectAll?: boolean;
  /** Flush a stream batch when it reaches this size; otherwise on the next macrotask. */
  maxBatch?: number;
  /** The gadget enriches some events itself first (setEventEnricher): remember which. */
  trackEnriched?: boolean;
}

type Enricher = (event: GadgetEvent) => boolean | void;
type Processor = (events: GadgetEvent[]) => GadgetEvent[];

/**
 * Carries events from a gadget to the outputs: schema check, operator
 * enrichers (in dependency order, any of which may drop the event), then
 * batch processors (sort, limit) on tables, then the sink. Streams are
 * delivered in batches so that outputs write once per batch, not once per
 * event. A failure anywhere is caught here and reported once through
 * `onError`, never thrown into the gadget's code.
 */
export class EventPipeline {
  readonly #gadget: string;
  readonly #enrichers: { name: string; fn: Enricher }[];
  readonly #processors: { name: string; fn: Processor }[];
  readonly #sink: BatchSink;
  readonly #check: EventCheck | undefined;
  readonly #filled: FilledFieldsCheck | undefined;
  readonly #onError: (err: EventPathError) => void;
  readonly #onDiscard: (count: number) => void;
  readonly #collectAll: boolean;
  readonly #maxBatch: number;
  readonly #enriched: WeakSet<object> | undefined;
  #buffer: GadgetEvent[] = [];
  #scheduled: NodeJS.Immediate | undefined;
  #count = 0;
  #failed = false;

  constructor(options: EventPipelineOptions) {
    this.#gadget = options.gadget;
    this.#enrichers = options.operators.flatMap(({ name, instance: o }) => (o.enrichEvent ? [{ name, fn: o.enrichEvent.bind(o) }] : []));
    this.#processors = options.operators.flatMap(({ name, instance: o }) => (o.processBatch ? [{ name, fn: o.processBatch.bind(o) }] : []));
    this.#sink = options.sink;
    this.#check = options.check;
    this.#filled = options.filled?.empty ? undefined : options.filled;
    this.#onError = options.onError;
    this.#onDiscard = options.onDiscard ?? (() => {});
    this.#collectAll = options.collectAll ?? false;
    this.#maxBatch = options.maxBatch ?? 4096;
    this.#enriched = options.trackEnriched ? new WeakSet() : undefined;
  }

  /** Events that reached the sink or are waiting for it. */
  get count(): number {
    return this.#count;
  }

  /** True once a failure stopped the pipeline. */
  get failed(): boolean {
    return this.#failed;
  }

  #fail(err: unknown): void {
    if (this.#failed) return;
    const e = err instanceof EventPathError ? err : EventPathError.pipeline(this.#gadget, err);
    this.#halt(e.stage !== 'output');
    this.#onError(e);
  }

  /**
   * The run failed elsewhere (the gadget reported an error): take no more
   * events. What is buffered of a stream is still delivered.
   */
  halt(): void {
    if (!this.#failed) this.#halt(true);
  }

  #halt(deliverBuffered: boolean): void {
    // Events admitted before the failure still reach the outputs, unless the outputs are what failed.
    if (deliverBuffered && !this.#collectAll && this.#buffer.length > 0) {
      try {
        this.#sink(this.#buffer, { table: false });
      } catch {
        // the first failure is the one reported
      }
    } else if (this.#buffer.length > 0) {
      this.#onDiscard(this.#buffer.length);
    }
    this.#failed = true;
    this.#buffer = [];
    if (this.#scheduled) clearImmediate(this.#scheduled);
    this.#scheduled = undefined;
  }

  #enrichOne(event: GadgetEvent): boolean {
    if (this.#enriched) {
      if (this.#enriched.has(event)) return true;
      this.#enriched.add(event);
    }
    for (const e of this.#enrichers) {
      let keep: boolean | void;
      try {
        keep = e.fn(event);
      } catch (err) {
        throw EventPathError.operator(this.#gadget, e.name, err);
      }
      if (keep === false) return false;
    }
    return true;
  }

  /** Runs the operator enrichers on one event (setEventEnricher); false when an operator drops it. */
  enrich(event: GadgetEvent): boolean {
    if (this.#failed || typeof event !== 'object' || event === null) return false;
    try {
      return this.#enrichOne(event);
    } catch (err) {
      this.#fail(err);
      return false;
    }
  }

  /** Schema check then enrichers: true to keep. Throws EventPathError. */
  #admit(event: unknown): event is GadgetEvent {
    if (this.#check && !this.#check.admit(event)) return false;
    if (!this.#check && (typeof event !== 'object' || event === null)) return false;
    if (!this.#enrichOne(event as GadgetEvent)) return false;
    this.#filled?.check(event as GadgetEvent);
    return true;
  }

  /** One event from a gadget's setEventHandler. */
  push(event: GadgetEvent): void {
    if (this.#failed) return this.#onDiscard(1);
    try {
      if (!this.#admit(event)) return;
      this.#count++;
      this.#buffer.push(event);
      if (this.#collectAll) return;
      if (this.#buffer.length >= this.#maxBatch) this.flush();
      else this.#scheduled ??= setImmediate(() => this.flush());
    } catch (err) {
      this.#fail(err);
    }
  }

  /** A batch from setEventHandlerArray: for interval gadgets, one whole table. */
  pushArray(events: GadgetEvent[], table: boolean): void {
    if (this.#failed) return this.#onDiscard(Array.isArray(events) ? events.length : 1);
    try {
      if (!Array.isArray(events)) {
        // Not a batch at all: counted like a non-object event.
        this.#check?.reject(events, 'a batch that is not an array');
        return;
      }
      const kept: GadgetEvent[] = [];
      for (const e of events as unknown[]) if (this.#admit(e)) kept.push(e);
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
      this.#deliver(processed, true);
    } catch (err) {
      this.#fail(err);
    }
  }

  #process(events: GadgetEvent[]): GadgetEvent[] {
    let out = events;
    for (const p of this.#processors) {
      try {
        out = p.fn(out);
      } catch (err) {
        throw EventPathError.operator(this.#gadget, p.name, err);
      }
    }
    return out;
  }

  #deliver(batch: GadgetEvent[], table: boolean): void {
    try {
      this.#sink(batch, { table });
    } catch (err) {
      throw err instanceof EventPathError ? err : EventPathError.output(this.#gadget, err);
    }
  }

  /** Delivers what is buffered of a stream. */
  flush(): void {
    if (this.#scheduled) clearImmediate(this.#scheduled);
    this.#scheduled = undefined;
    if (this.#failed || this.#collectAll || this.#buffer.length === 0) return;
    const batch = this.#buffer;
    this.#buffer = [];
    try {
      this.#deliver(batch, false);
    } catch (err) {
      this.#fail(err);
    }
  }

  /** End of the run: delivers the buffered stream, or the collected table. */
  end(): void {
    if (this.#failed) return;
    if (!this.#collectAll) return this.flush();
    try {
      const table = this.#process(this.#buffer);
      this.#buffer = [];
      this.#count = table.length;
      this.#deliver(table, true);
    } catch (err) {
      this.#fail(err);
    }
  }
}
