import type { GadgetDescriptor, TSchema } from '@gadgetry/sdk';
import { containerOperator } from './container.js';
import { processOperator } from './process.js';
import { userOperator } from './user.js';

/** The built-in operators that add fields to events; filter and sort run after them. */
export const ENRICHERS = [userOperator, processOperator, containerOperator];

/**
 * Every field an event of this gadget carries once the built-in enrichers
 * ran: the gadget's own, then user, exe, container... The one field set
 * --filter and --sort both accept.
 */
export function enrichedFields(d: GadgetDescriptor): Record<string, TSchema> {
  const fields: Record<string, TSchema> = { ...d.event.properties };
  for (const e of ENRICHERS) {
    if (!e.canOperateOn(d)) continue;
    for (const f of e.fields?.(d) ?? []) if (!Object.hasOwn(fields, f.name)) fields[f.name] = f.schema;
  }
  return fields;
}
