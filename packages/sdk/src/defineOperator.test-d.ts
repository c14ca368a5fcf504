// Type tests for defineOperator (see defineGadget.test-d.ts).
import { describe, expectTypeOf, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { defineOperator } from './defineGadget.js';
import type { GadgetDescriptor } from './descriptor.js';
import type { OperatorDescriptor } from './operator.js';

const params = Type.Object({
  suffix: Type.String({ default: '' }),
  limit: Type.Optional(Type.Integer()),
  loud: Type.Boolean({ default: false }),
});

describe('defineOperator types instantiate from the operator\'s params schema', () => {
  it('params are Static<P>, not a bag of unknowns', () => {
    defineOperator({
      name: 'typed_op',
      description: 'typing check',
      params,
      canOperateOn: () => true,
      instantiate(_ctx, _gadget, p, descriptor) {
        expectTypeOf(p).toEqualTypeOf<{ suffix: string; limit?: number; loud: boolean }>();
        expectTypeOf(p.suffix).toEqualTypeOf<string>();
        expectTypeOf(p.limit).toEqualTypeOf<number | undefined>();
        expectTypeOf(descriptor).toEqualTypeOf<GadgetDescriptor>();
        // @ts-expect-error the schema has no such param
        void p.colour;
        // @ts-expect-error suffix is a string
        const n: number = p.suffix;
        void n;
        return {};
      },
    });
  });

  it('an instantiate that expects other params is rejected', () => {
    defineOperator({
      name: 'wrong_op',
      description: 'typing check',
      params,
      canOperateOn: () => true,
      // @ts-expect-error suffix is a string in the schema, not a number
      instantiate(_ctx, _gadget, _p: { suffix: number }) {
        return {};
      },
    });
  });

  it('a typed operator still goes where any operator is expected', () => {
    const op = defineOperator({ name: 'op', description: 'x', params, canOperateOn: () => true, instantiate: () => ({}) });
    expectTypeOf(op).toExtend<OperatorDescriptor>();
    const list: OperatorDescriptor[] = [op];
    void list;
  });
});
