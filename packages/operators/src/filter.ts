import { Type, defineOperator, type OperatorRun, type RunField } from '@gadgetry/sdk';
import { parseFilter } from './parseFilter.js';
import { plainFields } from './plainFields.js';

/**
 * The fields --filter can use: those set when the filter runs (the gadget's,
 * and those of operators before it); the others, with why not.
 */
function filterable(run: OperatorRun | undefined, name: string, own: RunField[]): { fields: readonly RunField[]; unavailable: Map<string, string> } {
  if (!run) return { fields: own, unavailable: new Map() };
  const at = run.order.indexOf(name);
  const setBefore = (f: RunField) => f.addedBy === undefined || (at >= 0 && run.order.indexOf(f.addedBy) < at);
  const unavailable = new Map(
    run.fields.filter((f) => !setBefore(f)).map((f) => [f.name, `operator "${f.addedBy}" adds it after the filter runs; it can be shown and sorted on, not filtered on`]),
  );
  return { fields: run.fields.filter(setBefore), unavailable };
}

/**
 * Drops events that do not match --filter. It runs after every operator that
 * does not ask to come after it, so it sees their fields (the runtime orders
 * it; see docs/writing-an-operator.md).
 */
export const filterOperator = defineOperator({
  name: 'filter',
  description: 'Keeps only events matching --filter expressions',
  params: Type.Object({
    filter: Type.Optional(
      Type.String({ description: 'field:value, field:!value, field:~regex, field:>=N (also >, <, <=); comma-separated, all must hold' }),
    ),
  }),
  // a gadget without event fields (a profile reporting a histogram) has nothing to filter
  canOperateOn: (d) => Object.keys(d.event.properties).length > 0,
  instantiate(_ctx, _gadget, params, descriptor, run) {
    const expr = params.filter;
    // an empty --filter is refused by parseFilter, not taken as "no filter"
    if (expr === undefined) return {};
    const { fields, unavailable } = filterable(run, 'filter', plainFields(descriptor.event.properties));
    const keep = parseFilter(expr, fields, { unavailable });
    return { enrichEvent: (event) => keep(event) };
  },
});
