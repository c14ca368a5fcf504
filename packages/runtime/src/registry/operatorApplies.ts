import type { GadgetDescriptor, OperatorManifest } from '@gadgetry/sdk';

/**
 * Whether an operator package's manifest says it has something to do for this
 * gadget; only such packages are imported when the gadget is described or run.
 */
export function operatorApplies(appliesTo: OperatorManifest['appliesTo'], gadget: GadgetDescriptor): boolean {
  if (appliesTo === 'all') return true;
  if (appliesTo.types?.includes(gadget.type)) return true;
  if (appliesTo.gadgets?.includes(gadget.name)) return true;
  const kinds: readonly string[] | undefined = appliesTo.kinds;
  if (!kinds) return false;
  return Object.values(gadget.event.properties).some((field) => {
    const kind = (field as { kind?: unknown }).kind;
    return typeof kind === 'string' && kinds.includes(kind);
  });
}
