import type { TObject } from '@sinclair/typebox';
import { EventSource, type EventSourceOptions } from './EventSource.js';
import type { LossReason } from './Collection.js';
import type { MountNsIds } from './mountNsFilter.js';
import { prepareKernelFor } from './runContext.js';

/** The parts of the SDK's gadget context this helper reads (structurally). */
interface Context<P> {
  params: P;
  logger: { info(message: string): void; warn(message: string): void };
  traceSelf?: boolean;
}

export interface EventSourceGadgetOptions<P, E> {
  /** Path or bytes of the compiled BPF object. */
  object: string | Buffer;
  /** Name of the event struct in the object's BTF. */
  struct: string;
  /** The gadget's TypeBox event schema. */
  schema: TObject;
  /** Object name in kernel listings. */
  name?: string;
  /** Turns validated params into load options: globals, map sizes. Throw to reject a value. */
  configure?(params: P): Pick<EventSourceOptions<E>, 'globals' | 'mapSizes' | 'skipPrograms'>;
  /** Fills computed fields of each event. */
  complete?(event: E): void;
  /** What the lost-events warning tells the user to do (e.g. "raise --buffer-kb"). */
  dropHint?: string;
  /** For losses when the table of calls in flight is full: what the calls are ("opens") and what to do. */
  inFlight?: { calls: string; hint?: string };
}

function lossWords<P, E>(o: EventSourceGadgetOptions<P, E>, reason: LossReason): string {
  if (reason === 'pending_full') {
    const hint = o.inFlight?.hint ? `; ${o.inFlight.hint}` : '';
    return `too many ${o.inFlight?.calls ?? 'calls'} in flight (pending table full)${hint}`;
  }
  return `the ring buffer was full${o.dropHint ? `; ${o.dropHint}` : ''}`;
}

/**
 * A complete trace gadget instance around an EventSource: the lifecycle
 * methods the SDK's GadgetInstance declares, for gadgets that stream events
 * from one ring buffer. Lost events are reported through the gadget's logger.
 */
export function eventSourceGadget<P, E>(o: EventSourceGadgetOptions<P, E>) {
  let source: EventSource<E> | undefined;
  let emit: (events: E[]) => void = () => {};
  let ctx: Context<P> | undefined;
  let mntnsFilter: MountNsIds | undefined;
  let loadOptions: ReturnType<NonNullable<typeof o.configure>> = {};
  return {
    init(c: Context<P>) {
      ctx = c;
      loadOptions = o.configure?.(c.params) ?? {};
    },
    setEventHandlerArray(handler: (events: E[]) => void) {
      emit = handler;
    },
    setMountNsFilter(filter: MountNsIds) {
      mntnsFilter = filter;
    },
    start() {
      prepareKernelFor(ctx?.logger);
      source = new EventSource<E>({
        ...loadOptions,
        name: o.name,
        mntnsFilter,
        traceSelf: ctx?.traceSelf,
        complete: o.complete,
        object: o.object,
        struct: o.struct,
        schema: o.schema,
        onEvents: (events) => emit(events),
        onDrops: (n, reason) => ctx?.logger.warn(`${n} events lost: ${lossWords(o, reason)}`),
      });
      source.start();
    },
    stop() {
      source?.stop();
    },
    close() {
      source?.close();
    },
  };
}
