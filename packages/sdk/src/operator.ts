import type { Static, TObject, TSchema } from '@sinclair/typebox';
import type { GadgetContext } from './context.js';
import type { GadgetDescriptor } from './descriptor.js';
import type { GadgetInstance } from './lifecycle.js';
import type { OperatorRun } from './runField.js';

/** A running operator attached to one gadget run. */
export interface OperatorInstance {
  /** Before the gadget starts: fill filter maps, start watchers. */
  preGadgetRun?(): void | Promise<void>;
  /** After the gadget stopped: release what preGadgetRun took. */
  postGadgetRun?(): void | Promise<void>;
  /**
   * Adds fields to (or judges) one event. Returning `false` drops the event;
   * anything else keeps it.
   */
  enrichEvent?(event: Record<string, unknown>): boolean | void;
  /** Reorders or trims a batch (sort, limit); returns the batch to keep. */
  processBatch?(events: Record<string, unknown>[]): Record<string, unknown>[];
}

/** Extra event fields an operator adds, so outputs and `describe` know them. */
export interface OperatorFieldSpec {
  name: string;
  schema: TSchema;
  /** Column placement: after this field of the gadget's event; '' puts it first; absent: last. */
  after?: string;
}

/**
 * An operator. The runtime runs the applicable operators' `enrichEvent` in an
 * order that keeps every `dependencies` and `before` entry; with neither, an
 * operator runs before the built-in `filter`, so `--filter` and `--sort` can
 * use the fields it adds. Put `'filter'` in `dependencies` to run after it
 * (only kept events reach you; your fields can be shown and sorted on, not
 * filtered on). See docs/writing-an-operator.md.
 */
export interface OperatorDescriptor<P extends TObject = TObject> {
  name: string;
  description: string;
  /** Operator params; merged into the gadget's CLI flags when the operator applies. */
  params: P;
  /** Operators that must run before this one; each must be installed. */
  dependencies?: string[];
  /** Operators this one must run before, when they are part of the run (e.g. ['filter']). */
  before?: string[];
  /** Whether the operator has anything to do for this gadget (e.g. it has a uid field). */
  canOperateOn(gadget: GadgetDescriptor): boolean;
  /**
   * Fields this operator adds to events of the given gadget. The runtime
   * shows them (`describe`, columns, `--fields`), lets `--filter` and
   * `--sort` use them, and expects `enrichEvent` to set every one on every
   * event (use '' or 0 for "none"): one left unset is warned about once, and
   * fails the run under --strict or GADGETRY_STRICT=1.
   */
  fields?(gadget: GadgetDescriptor): OperatorFieldSpec[];
  /**
   * `params` are this operator's own, validated against `params` with
   * defaults applied; refuse a value they cannot express with a ParamError.
   * `run` lists the run's fields and operator order.
   */
  instantiate(
    ctx: GadgetContext,
    gadget: GadgetInstance,
    params: Static<P>,
    descriptor: GadgetDescriptor,
    run: OperatorRun,
  ): OperatorInstance | Promise<OperatorInstance>;
}
