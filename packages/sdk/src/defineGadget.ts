import type { Static, TObject } from '@sinclair/typebox';
import type { GadgetDescriptor } from './descriptor.js';
import type { GadgetInstance } from './lifecycle.js';
import type { OperatorDescriptor } from './operator.js';

/**
 * Declares a gadget. The param and event types of `instantiate()` are inferred
 * from the schemas, so a gadget's code is fully typed without restating them.
 */
export function defineGadget<P extends TObject, E extends TObject>(
  descriptor: Omit<GadgetDescriptor<P, E>, 'instantiate'> & {
    instantiate(): GadgetInstance<Static<P>, Static<E>>;
  },
): GadgetDescriptor<P, E> {
  return descriptor;
}

/** Declares an operator, with its params typed from the schema. */
export function defineOperator<P extends TObject>(descriptor: OperatorDescriptor<P>): OperatorDescriptor<P> {
  return descriptor;
}
