import { describe, expect, it } from 'vitest';
import { Type, defineOperator, type OperatorDescriptor } from '@gadgetry/sdk';
import { orderOperators } from './orderOperators.js';

const op = (name: string, more: Partial<OperatorDescriptor> = {}): OperatorDescriptor =>
  defineOperator({ name, description: name, params: Type.Object({}), canOperateOn: () => true, instantiate: () => ({}), ...more });
const names = (ops: OperatorDescriptor[]) => orderOperators(ops).map((o) => o.name);

// the built-in set as the runtime finds it: enrichers, filter, sort after filter, limit after sort
const builtin = [op('user'), op('process'), op('container'), op('filter'), op('sort', { dependencies: ['filter'] }), op('limit', { dependencies: ['sort'] })];

describe('orderOperators', () => {
  it('puts an operator that says nothing before the filter, wherever it was found', () => {
    expect(names([...builtin, op('sigdesc')])).toEqual(['user', 'process', 'container', 'sigdesc', 'filter', 'sort', 'limit']);
  });

  it('puts one that depends on the filter, directly or through another, after it', () => {
    expect(names([op('late', { dependencies: ['filter'] }), op('later', { dependencies: ['late'] }), ...builtin])).toEqual([
      'user', 'process', 'container', 'filter', 'late', 'later', 'sort', 'limit',
    ]);
    expect(names([op('after_sort', { dependencies: ['sort'] }), ...builtin])).toEqual(['user', 'process', 'container', 'filter', 'sort', 'after_sort', 'limit']);
  });

  it('keeps a before list, and ignores names that are not installed', () => {
    expect(names([...builtin, op('first', { before: ['user', 'not_installed'] })])).toEqual(['first', 'user', 'process', 'container', 'filter', 'sort', 'limit']);
    // before the filter but after user, whatever the order found
    expect(names([op('mid', { dependencies: ['user'], before: ['process'] }), ...builtin])).toEqual(['user', 'mid', 'process', 'container', 'filter', 'sort', 'limit']);
  });

  it('lets an operator that runs before another one pull it after the filter with it', () => {
    // user itself says nothing, but must follow early, which follows the filter
    expect(names([...builtin, op('early', { dependencies: ['filter'], before: ['user'] })])).toEqual(['process', 'container', 'filter', 'early', 'user', 'sort', 'limit']);
  });

  it('keeps the order found between operators nothing orders, and works without a filter', () => {
    expect(names([op('b'), op('a'), op('c', { dependencies: ['a'] })])).toEqual(['b', 'a', 'c']);
  });

  it('refuses a missing dependency and a cycle, naming the operators', () => {
    expect(() => orderOperators([op('x', { dependencies: ['nowhere'] })])).toThrow('operator "x" depends on "nowhere", which is not installed');
    expect(() => orderOperators([...builtin, op('loop', { dependencies: ['filter'], before: ['filter'] })])).toThrow(
      /^operator order has a cycle: .*loop.*\(see their dependencies and before lists\)$/,
    );
    expect(() => orderOperators([op('a', { dependencies: ['b'] }), op('b', { dependencies: ['a'] })])).toThrow('operator order has a cycle: a -> b -> a (see their dependencies and before lists)');
  });
});
