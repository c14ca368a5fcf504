import { Type, defineOperator } from '@gadgetry/sdk';
import { parseFilter } from './parseFilter.js';

/** Drops events that do not match --filter. */
export const filterOperator = defineOperator({
  name: 'filter',
  description: 'Keeps only events matching --filter expressions',
  params: Type.Object({
    filter: Type.Optional(
      Type.String({ description: 'field:value, field:!value, field:~regex, field:>=N (also >, <, <=); comma-separated, all must hold' }),
    ),
  }),
  canOperateOn: () => true,
  instantiate(_ctx, _gadget, params, descriptor) {
    const expr = params.filter as string | undefined;
    if (!expr) return {};
    const keep = parseFilter(expr, descriptor.event.properties);
    return { enrichEvent: (event) => keep(event) };
  },
});
