import type { GadgetInfo } from '@gadgetry/runtime';

/** The field fan-in adds to every event: the node it comes from, shown first. */
export const NODE_FIELD = { name: 'node', schema: { type: 'string', width: 16, description: 'The host the event comes from (its agent\'s --node-name)' } };

/** The gadget's info as a fan-in run presents it: `node` first (unless the gadget has a field of that name already). */
export function withNodeField(info: GadgetInfo): GadgetInfo {
  if (info.fields.some((f) => f.name === 'node')) return info;
  return { ...info, fields: [NODE_FIELD, ...info.fields] };
}

/** The event fields of kind timestamp: ns since the node's boot, moved to one clock when nodes' clocks differ. */
export function timestampFields(info: GadgetInfo): string[] {
  return info.fields.filter((f) => f.schema.kind === 'timestamp').map((f) => f.name);
}

/** Moves a node's boot-clock timestamps by `shift` ns, to the clock of the node whose `started` the output read. */
export function shiftTimestamps(event: Record<string, unknown>, fields: string[], shift: bigint): void {
  if (shift === 0n) return;
  for (const f of fields) {
    const v = event[f];
    if (typeof v === 'bigint') event[f] = v + shift;
    else if (typeof v === 'number' && Number.isFinite(v)) event[f] = Number(BigInt(Math.trunc(v)) + shift);
  }
}
