import type { Static, TObject } from '@sinclair/typebox';
import type { GadgetContext } from './context.js';
import type { GadgetInstance } from './lifecycle.js';
import type { ResultKind } from './stackProfile.js';
import type { ResultMetric } from './fieldMetric.js';

export const GADGET_CATEGORIES = ['trace', 'top', 'snapshot', 'profile', 'audit', 'advise'] as const;
export type GadgetCategory = (typeof GADGET_CATEGORIES)[number];

/**
 * How the runtime drives a gadget:
 * - `trace`: streams events until timeout, Ctrl-C or abort;
 * - `trace-intervals`: emits a batch (a table) every interval;
 * - `one-shot`: collects once and stops right after start (snapshots);
 * - `profile`: collects until stopped, then reports a result;
 * - `run`: owns its own loop through `run()`.
 */
export const GADGET_TYPES = ['trace', 'trace-intervals', 'one-shot', 'profile', 'run'] as const;
export type GadgetType = (typeof GADGET_TYPES)[number];

/** A sort key: a field name, prefixed with `-` for descending order. */
export type SortKey = string;

export interface GadgetDescriptor<
  P extends TObject = TObject,
  E extends TObject = TObject,
> {
  name: string;
  description: string;
  category: GadgetCategory;
  type: GadgetType;
  /** TypeBox schema of the params; defaults and descriptions come from it. */
  params: P;
  /** TypeBox schema of one event; field options carry the annotations. */
  event: E;
  /** Default sort for one-shot and interval gadgets. */
  defaultSort?: SortKey[];
  /**
   * What `result()` returns, when the runtime can show it beyond JSON:
   * `stack-profile` (a StackProfile) adds `-o folded` and `--flamegraph`.
   */
  result?: ResultKind;
  /** Exports the gadget's histogram results as a metric with --metrics and --otlp. */
  resultMetric?: ResultMetric;
  instantiate(): GadgetInstance<Static<P>, Static<E>>;
}

/** The static param type of a descriptor. */
export type ParamsOf<D> = D extends GadgetDescriptor<infer P, TObject> ? Static<P> : never;
/** The static event type of a descriptor. */
export type EventOf<D> = D extends GadgetDescriptor<TObject, infer E> ? Static<E> : never;

export type { GadgetContext };
