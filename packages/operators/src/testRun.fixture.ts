// For tests: what the runtime tells operators about a run (see the runtime's runFieldsOf).
import type { GadgetDescriptor, OperatorDescriptor, OperatorRun } from '@gadgetry/sdk';
import { runFields, type KindContext } from '@gadgetry/kinds';

/** The run of `descriptor` with these operators, in this order: their fields appended after the gadget's. */
export function testRun(descriptor: GadgetDescriptor, operators: OperatorDescriptor[], ctx: KindContext = {}): OperatorRun {
  const applying = operators.filter((o) => o.canOperateOn(descriptor));
  const fields = [
    ...Object.entries(descriptor.event.properties).map(([name, schema]) => ({ name, schema })),
    ...applying.flatMap((o) => (o.fields?.(descriptor) ?? []).map((f) => ({ name: f.name, schema: f.schema, addedBy: o.name }))),
  ];
  return { fields: runFields(fields, ctx), order: applying.map((o) => o.name) };
}
