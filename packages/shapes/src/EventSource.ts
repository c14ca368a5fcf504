import {
  LOSS_REASONS,
  RingBufferReader,
  createDecoder,
  forEachRecord,
  prepareKernel,
  type Collection,
  type CollectionOptions,
  type Decoder,
  type LossReason,
  type UprobeTarget,
} from '@gadgetry/native-bpf';
import type { TObject } from '@gadgetry/sdk';
import { loadForRun, type RunFilters, type RunObject } from './loadForRun.js';
import type { RunRequirements } from './optionalPrograms.js';

export interface EventSourceOptions<T> extends CollectionOptions, RunFilters, RunRequirements {
  /** Path or bytes of the compiled BPF object. */
  object: string | Buffer;
  /** Name of the event struct in the object's BTF. */
  struct: string;
  /** The gadget's TypeBox event schema; checked against the struct. */
  schema: TObject;
  /** Ring buffer map to read; default "events". */
  ringBuffer?: string;
  /** Receives each batch of decoded events. */
  onEvents(events: T[]): void;
  /**
   * uprobe/uretprobe programs to attach, after the others, to functions of
   * user-space binaries (their sections name none): one entry per program
   * and target.
   */
  uprobes?: UprobeAttachment[];
  /** Fills computed fields of an event in place. */
  complete?(event: T): void;
  /**
   * Told how many events the BPF side lost since the last report, once per
   * reason (ring buffer full, table of calls in flight full), and whether
   * reading was paused at any time since then (ring-full drops are then the
   * backpressure working, not a buffer too small).
   */
  onDrops?(count: number, reason: LossReason, whilePaused: boolean): void;
  /** A handler threw; the reader keeps going. */
  onError?(err: unknown): void;
  /**
   * Records per delivery (default 256). Small batches keep few events alive
   * at once, which keeps garbage collection cheap at high event rates.
   */
  maxBatch?: number;
}

/** One uprobe program and where it goes. */
export interface UprobeAttachment extends UprobeTarget {
  program: string;
  /**
   * A function older versions of the binary lack (SSL_read_ex before
   * OpenSSL 1.1.1): when the binary has no such symbol, the run goes on
   * without it and says so once (onSkipped).
   */
  optional?: boolean;
}

/**
 * The usual shape of a trace gadget's kernel side: load the object, check
 * the event schema against its BTF, attach every program, and stream decoded
 * events from a ring buffer, reporting drops once a second and at stop.
 */
export class EventSource<T = Record<string, unknown>> {
  readonly collection: Collection;
  readonly #object: RunObject;
  readonly #reader: RingBufferReader;
  readonly #decode: Decoder<T>;
  readonly #options: EventSourceOptions<T>;
  #reported = 0;
  #delivered = 0;
  #timer: NodeJS.Timeout | undefined;
  /** Paused now or since the last drop report. */
  #pausedSinceReport = false;

  /** Loads the object (verified off the event loop) and opens its ring buffer; nothing is attached yet. */
  static async load<T = Record<string, unknown>>(options: EventSourceOptions<T>): Promise<EventSource<T>> {
    prepareKernel();
    return new EventSource<T>(options, await loadForRun(options.object, options, options));
  }

  private constructor(options: EventSourceOptions<T>, object: RunObject) {
    this.#options = options;
    this.#object = object;
    this.collection = object.collection;
    try {
      this.#decode = createDecoder<T>(this.collection.structLayout(options.struct), options.schema);
      this.#reader = new RingBufferReader(
        this.collection.map(options.ringBuffer ?? 'events'),
        (batch, count) => this.#deliver(batch, count),
        options.onError,
        options.maxBatch ?? 256,
      );
    } catch (err) {
      object.release();
      throw err;
    }
  }

  #deliver(batch: Buffer, count: number): void {
    this.#delivered += count;
    const events = new Array<T>(count);
    let i = 0;
    const complete = this.#options.complete;
    forEachRecord(batch, (offset) => {
      const ev = this.#decode(batch, offset);
      if (complete) complete(ev);
      events[i++] = ev;
    });
    this.#options.onEvents(events);
  }

  #reportedLosses: Partial<Record<LossReason, number>> = {};

  #reportDrops(): void {
    const losses = this.collection.losses();
    for (const reason of LOSS_REASONS) {
      const seen = this.#reportedLosses[reason] ?? 0;
      if (losses[reason] > seen) this.#options.onDrops?.(losses[reason] - seen, reason, this.#pausedSinceReport);
      this.#reportedLosses[reason] = losses[reason];
    }
    this.#reported = losses.ring_full;
    this.#pausedSinceReport = this.#reader.paused;
  }

  /**
   * Stops reading the ring buffer (a consumer is behind): it fills, and the
   * BPF side's gadget_reserve() drops and counts what does not fit.
   */
  pause(): void {
    this.#reader.pause();
    this.#pausedSinceReport = true;
  }

  /** Reads again. */
  resume(): void {
    this.#reader.resume();
  }

  get paused(): boolean {
    return this.#reader.paused;
  }

  /** Attaches every program (optional ones that fail are left out and reported); events start flowing. */
  start(): void {
    this.#object.attach();
    for (const { program, optional, ...target } of this.#options.uprobes ?? []) {
      try {
        this.collection.attachUprobe(program, target);
      } catch (err) {
        if (!optional || (err as { code?: string }).code !== 'UPROBE_SYMBOL_NOT_FOUND') throw err;
        this.#options.onSkipped?.(`${this.#options.gadget ?? 'the gadget'}: ${target.symbol} is not traced: ${(err as Error).message}`);
      }
    }
    this.#timer = setInterval(() => this.#reportDrops(), 1000);
    this.#timer.unref();
  }

  /** Detaches the programs, then delivers what is still buffered and reports drops. */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    if (!this.collection.closed) {
      this.collection.detachAll();
      this.#reader.drain();
      this.#reportDrops();
    }
  }

  /**
   * Records the ring buffer delivered to user space so far: what the kernel
   * side sent, before any filtering here. The in-kernel filters are seen working in it.
   */
  get delivered(): number {
    return this.#delivered;
  }

  /** Events dropped in the kernel so far. */
  get drops(): number {
    return this.collection.closed ? this.#reported : this.collection.drops();
  }

  close(): void {
    this.stop();
    this.#reader.close();
    this.#object.release();
  }
}
