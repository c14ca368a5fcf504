import type { GadgetDescriptor, OperatorDescriptor, OperatorRun } from '@gadgetry/sdk';
import type { KindContext } from '@gadgetry/kinds';
import { eventFields, type FieldInfo } from '../output/fields.js';
import { orderOperators } from './orderOperators.js';

/** The operators a run of this gadget uses, in the order they run: ordered, then those that have nothing to do left out. */
export function runOperators(descriptor: GadgetDescriptor, operators: OperatorDescriptor[]): OperatorDescriptor[] {
  return orderOperators(operators).filter((o) => o.canOperateOn(descriptor));
}

/**
 * Every field of a run's events, computed once from the gadget's event and
 * the `fields` each of the run's operators (in run order) declares: what
 * outputs, `--fields`, `--filter`, `--sort` and `describe` all use.
 */
export function runFieldsOf(descriptor: GadgetDescriptor, operators: OperatorDescriptor[], ctx: KindContext): FieldInfo[] {
  return eventFields(
    descriptor,
    operators.flatMap((o) => (o.fields?.(descriptor) ?? []).map((f) => ({ ...f, addedBy: o.name }))),
    ctx,
  );
}

/** What each operator of the run is told about it. */
export function operatorRun(fields: FieldInfo[], operators: OperatorDescriptor[]): OperatorRun {
  return { fields, order: operators.map((o) => o.name) };
}
