import type { Static, TObject, TSchema } from '@sinclair/typebox';
import type { GadgetContext } from './context.js';
import type { GadgetDescriptor } from './descriptor.js';
import type { GadgetInstance } from './lifecycle.js';

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

export interface OperatorDescriptor<P extends TObject = TObject> {
  name: string;
  description: string;
  /** Operator params; merged into the gadget's CLI flags when the operator applies. */
  params: P;
  /** Names of operators that must run before this one. */
  dependencies?: string[];
  /** Whether the operator has anything to do for this gadget (e.g. it has a uid field). */
  canOperateOn(gadget: GadgetDescriptor): boolean;
  /** Fields this operator adds to events of the given gadget. */
  fields?(gadget: GadgetDescriptor): OperatorFieldSpec[];
  /** `params` are this operator's own, validated against `params` with defaults applied. */
  instantiate(
    ctx: GadgetContext,
    gadget: GadgetInstance,
    params: Static<P>,
    descriptor: GadgetDescriptor,
  ): OperatorInstance | Promise<OperatorInstance>;
}
