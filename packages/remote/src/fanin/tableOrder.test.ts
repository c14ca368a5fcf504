import { describe, expect, it } from 'vitest';
import { GADGET_INFO_VERSION, type GadgetInfo } from '@gadgetry/runtime';
import { orderTable, tableOrderOf } from './tableOrder.js';

const op = (name: string) => ({ name, description: '', params: [] });
const info = (over: Partial<GadgetInfo> = {}): GadgetInfo => ({
  version: GADGET_INFO_VERSION,
  name: 'top_demo',
  description: '',
  category: 'top',
  type: 'trace-intervals',
  package: { name: 'demo', version: '0.0.0' },
  params: [],
  operators: [op('sort'), op('limit')],
  defaultSort: ['-rbytes'],
  fields: ['node', 'comm', 'rbytes'].map((name) => ({ name, schema: {} })),
  ...over,
});

describe('tableOrderOf', () => {
  it('takes the gadget\'s default sort and the interval default of 20 rows when the run gives none', () => {
    const o = tableOrderOf(info(), {})!;
    expect(o.keys.map((k) => [k.field, k.descending])).toEqual([['rbytes', true]]);
    expect(o.maxRows).toBe(20);
  });

  it('takes --sort and --max-rows as the CLI passes them (text), 0 meaning every row', () => {
    const o = tableOrderOf(info(), { sort: 'node,comm', 'max-rows': '3' })!;
    expect(o.keys.map((k) => k.field)).toEqual(['node', 'comm']);
    expect(o.maxRows).toBe(3);
    expect(tableOrderOf(info(), { maxRows: 0 })!.maxRows).toBe(0);
    expect(tableOrderOf(info({ type: 'one-shot' }), {})!.maxRows).toBe(0);
  });

  it('leaves tables alone for gadgets without sort or limit, or not described', () => {
    expect(tableOrderOf(info({ operators: [op('filter')] }), {})).toBeUndefined();
    expect(tableOrderOf(undefined, { sort: 'comm' })).toBeUndefined();
  });
});

describe('orderTable', () => {
  it('sorts rows of every node together and keeps the first maxRows', () => {
    const rows = [
      { node: 'a', comm: 'x', rbytes: 5n },
      { node: 'a', comm: 'y', rbytes: 1n },
      { node: 'b', comm: 'x', rbytes: 9n },
      { node: 'b', comm: 'z', rbytes: 3n },
    ];
    const o = tableOrderOf(info(), { 'max-rows': '3' });
    expect(orderTable(rows, o).map((r) => `${r.node}:${r.rbytes}`)).toEqual(['b:9', 'a:5', 'b:3']);
  });
});
