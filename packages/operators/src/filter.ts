import { Type, defineOperator } from '@gadgetry/sdk';
import { ENRICHERS, enrichedFields } from './enrichedFields.js';
import { parseFilter } from './parseFilter.js';

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
    const expr = params.filter;
    // an empty --filter is refused by parseFilter, not taken as "no filter"
    if (expr === undefined) return {};
    const keep = parseFilter(expr, enrichedFields(descriptor));
    return { enrichEvent: (event) => keep(event) };
  },
});
