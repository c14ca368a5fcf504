import type { LossReason as KernelLossReason } from '@gadgetry/native-bpf';
import { LOSS_REASONS, type LossReason } from '@gadgetry/errors';
import type { TObject } from '@gadgetry/sdk';
import { EventSource, type EventSourceOptions } from './EventSource.js';
import type { OptionalPrograms } from './optionalPrograms.js';
import type { ShapeInstance } from './ShapeInstance.js';
import { ShapeRun } from './ShapeRun.js';
import { scanFor, socketOwners } from './socketOwners.js';

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
  configure?(params: P): Pick<EventSourceOptions<E>, 'globals' | 'mapSizes' | 'skipPrograms' | 'uprobes'>;
  /** Fills computed fields of each event. */
  complete?(event: E): void;
  /** What the lost-events warning tells the user to do (e.g. "raise --buffer-kb"). */
  dropHint?: string;
  /** For losses when the table of calls in flight is full: what the calls are ("opens") and what to do. */
  inFlight?: { calls: string; hint?: string };
  /** Programs the gadget can do without where the kernel lacks their hooks (reported once each). */
  optionalPrograms?: (OptionalPrograms | string)[];
  /** The oldest Linux the gadget runs on ("5.8"); older kernels are refused before anything is loaded. */
  minKernel?: string;
  /** The Linux version each required program's hook arrived in (program name or section -> "6.3"): a kernel without one is refused naming both. */
  hooksAddedIn?: Record<string, string>;
  /**
   * The object includes <gadgetry/socket_owner.h>: once its programs are
   * attached, the owners of the sockets already open are found, so its
   * programs can name them (socketOwners()).
   */
  socketOwners?: boolean;
}

/**
 * A kernel loss as the run counts it: ring-buffer drops while reading was
 * paused are the backpressure working (`paused`), not a buffer too small;
 * the words name what this gadget calls its calls and what to raise.
 */
function lossOf<P, E>(o: EventSourceGadgetOptions<P, E>, kernel: KernelLossReason, whilePaused: boolean): { reason: LossReason; detail?: string } {
  if (kernel === 'pending_full') {
    if (!o.inFlight) return { reason: 'pending_full' };
    const hint = o.inFlight.hint ? `; ${o.inFlight.hint}` : '';
    return { reason: 'pending_full', detail: `too many ${o.inFlight.calls} in flight (pending table full)${hint}` };
  }
  if (kernel === 'programs_skipped') return { reason: 'programs_skipped' };
  if (whilePaused) return { reason: 'paused' };
  return o.dropHint ? { reason: 'ring_full', detail: `${LOSS_REASONS.ring_full.summary}; ${o.dropHint}` } : { reason: 'ring_full' };
}

/**
 * A complete trace gadget instance around an EventSource: the lifecycle
 * methods the SDK's GadgetInstance declares, for gadgets that stream events
 * from one ring buffer. It obeys the context's flow control (pausing the
 * reader while the runtime's consumers are behind), reports lost events
 * through `flow.lost` and fails the run through `flow.fail` when its
 * per-event code (decoder, `complete`) throws. Without a flow (other hosts),
 * losses and errors go to the logger.
 */
export function eventSourceGadget<P, E>(
  o: EventSourceGadgetOptions<P, E>,
): ShapeInstance<P, E, 'init' | 'setEventHandlerArray' | 'setMountNsFilter' | 'start' | 'stop' | 'close' | 'kernelCost'> {
  const run = new ShapeRun<P>(o);
  let source: EventSource<E> | undefined;
  let emit: (events: E[]) => void = () => {};
  let loadOptions: ReturnType<NonNullable<typeof o.configure>> = {};
  let unfollow: (() => void) | undefined;
  return {
    init(c) {
      run.init(c);
      loadOptions = o.configure?.(c.params) ?? {};
    },
    setEventHandlerArray(handler) {
      emit = handler;
    },
    setMountNsFilter(filter) {
      run.addMountNsFilter(filter);
    },
    async start() {
      run.prepareKernel();
      source = await EventSource.load<E>({
        ...loadOptions,
        ...run.requirements(),
        ...run.filters(),
        complete: o.complete,
        object: o.object,
        struct: o.struct,
        schema: o.schema,
        onEvents: (events) => emit(events),
        onDrops: (n, kernel, whilePaused) => {
          const { reason, detail } = lossOf(o, kernel, whilePaused);
          run.lost(n, reason, detail);
        },
        onError: (err) => run.fail(err, 'event delivery'),
      });
      run.track(source.collection);
      unfollow = run.followFlow(source);
      source.start();
      if (o.socketOwners) socketOwners(source.collection, scanFor(run.filters()));
    },
    stop() {
      unfollow?.();
      unfollow = undefined;
      source?.stop();
    },
    close() {
      source?.close();
    },
    kernelCost: () => run.kernelCost(),
  };
}
