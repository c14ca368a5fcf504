import type { GadgetContext } from './context.js';
import type { KernelCost } from './kernelCost.js';

/**
 * Receives one event at a time (trace gadgets). Events are objects matching
 * the gadget's event schema: the runtime drops (and counts) anything that is
 * not an object, and counts (or, with `strict`, fails the run on) events that
 * do not match. It never throws back into the gadget; see `EventFlow`.
 */
export type EventHandler<E> = (event: E) => void;
/** Receives a batch of events at a time (interval gadgets, batched readers); same rules as EventHandler. */
export type EventHandlerArray<E> = (events: E[]) => void;
/**
 * Receives a result before the end of the run: a profile gadget asked for one
 * every interval (a histogram of that interval) reports it here; what is left
 * at the end comes from `result()`.
 */
export type ResultHandler = (result: unknown) => void;
/** Adds fields to an event in place before it reaches operators. */
export type EventEnricher<E> = (event: E) => void;

/**
 * The mount namespaces whose events a gadget must keep, maintained by an
 * operator (e.g. the container filter) as containers start and stop. Gadgets
 * apply it in the kernel (native-bpf's gadget_mntns_filter map).
 */
export interface MountNsFilter {
  /** Mount namespace ids to keep right now. */
  ids(): number[];
  /** Called with the new set whenever it changes; returns an unsubscribe function. */
  onChange(listener: (ids: number[]) => void): () => void;
}

/**
 * A running gadget. Only `init` is required; the runtime detects which of the
 * optional interfaces are implemented and drives them in the documented order:
 * init, set handlers, start, run, (wait), stop, close, result.
 */
export interface GadgetInstance<P = Record<string, unknown>, E = Record<string, unknown>> {
  init(ctx: GadgetContext<P>): void | Promise<void>;
  setEventHandler?(handler: EventHandler<E>): void;
  setEventHandlerArray?(handler: EventHandlerArray<E>): void;
  setEventEnricher?(enricher: EventEnricher<E>): void;
  /** Results reported while the gadget runs (a histogram every interval); see ResultHandler. */
  setResultHandler?(handler: ResultHandler): void;
  /**
   * Keep only events of these mount namespaces, filtering in the kernel. Called before start(),
   * once per filtering operator (--containername, a pod filter): keep what every filter keeps.
   */
  setMountNsFilter?(filter: MountNsFilter): void;
  start?(): void | Promise<void>;
  stop?(): void | Promise<void>;
  run?(): void | Promise<void>;
  close?(): void | Promise<void>;
  result?(): unknown | Promise<unknown>;
  /**
   * What the gadget's BPF objects cost the kernel so far (runs, run time,
   * map memory); undefined while nothing is loaded. Called by the runtime
   * while the objects are loaded (between start() and close()) when the run
   * reports its stats; must not throw for a closed object (give undefined).
   */
  kernelCost?(): KernelCost | undefined;
}

export type LifecycleStep =
  | 'instantiate'
  | 'init'
  | 'operators.instantiate'
  | 'setEventHandler'
  | 'setEventHandlerArray'
  | 'setEventEnricher'
  | 'setResultHandler'
  | 'operators.preGadgetRun'
  | 'start'
  | 'run'
  | 'stop'
  | 'operators.postGadgetRun'
  | 'close'
  | 'result';
