import type { FieldKindName, GadgetDescriptor } from '@gadgetry/sdk';

/** Name of the first event field of this kind, if the gadget has one. */
export function fieldOfKind(descriptor: GadgetDescriptor, kind: FieldKindName): string | undefined {
  for (const [name, schema] of Object.entries(descriptor.event.properties)) {
    if ((schema as { kind?: string }).kind === kind) return name;
  }
  return undefined;
}
