import { Type, defineOperator } from '@gadgetry/sdk';

/** Interval tables are screens: keep them short unless asked otherwise. */
export const INTERVAL_DEFAULT_ROWS = 20;

/** Keeps the first --max-rows rows of each table, after sorting. */
export const limitOperator = defineOperator({
  name: 'limit',
  description: 'Limits the rows of snapshot and interval gadgets',
  params: Type.Object({
    maxRows: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 2147483647, description: `Rows to show per table, 0 for all (default: ${INTERVAL_DEFAULT_ROWS} for interval gadgets, all for snapshots)` }),
    ),
  }),
  dependencies: ['sort'],
  canOperateOn: (d) => d.type === 'one-shot' || d.type === 'trace-intervals',
  instantiate(_ctx, _gadget, params, descriptor) {
    const given = params.maxRows;
    const max = given ?? (descriptor.type === 'trace-intervals' ? INTERVAL_DEFAULT_ROWS : 0);
    return { processBatch: (rows) => (max > 0 && rows.length > max ? rows.slice(0, max) : rows) };
  },
});
