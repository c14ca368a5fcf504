import { Type, defineOperator, type GadgetDescriptor, type TSchema } from '@gadgetry/sdk';
import { containerOperator } from './container.js';
import { parseFilter } from './parseFilter.js';
import { processOperator } from './process.js';
import { userOperator } from './user.js';

const ENRICHERS = [userOperator, processOperator, containerOperator];

/** The gadget's fields plus those the built-in enrichers add to its events. */
function filterableFields(d: GadgetDescriptor): Record<string, TSchema> {
  const fields: Record<string, TSchema> = { ...d.event.properties };
  for (const e of ENRICHERS) if (e.canOperateOn(d)) for (const f of e.fields?.(d) ?? []) fields[f.name] ??= f.schema;
  return fields;
}

/** Drops events that do not match --filter; runs after the enrichers so their fields can be used. */
export const filterOperator = defineOperator({
  name: 'filter',
  description: 'Keeps only events matching --filter expressions',
  params: Type.Object({
    filter: Type.Optional(
      Type.String({ description: 'field:value, field:!value, field:~regex, field:>=N (also >, <, <=); comma-separated, all must hold' }),
    ),
  }),
  dependencies: ENRICHERS.map((e) => e.name),
  canOperateOn: () => true,
  instantiate(_ctx, _gadget, params, descriptor) {
    const expr = params.filter as string | undefined;
    if (!expr) return {};
    const keep = parseFilter(expr, filterableFields(descriptor));
    return { enrichEvent: (event) => keep(event) };
  },
});
