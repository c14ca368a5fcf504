import { Type, defineGadget, type GadgetDescriptor } from '@gadgetry/sdk';
import { describe, expect, it } from 'vitest';
import { operatorApplies } from './operatorApplies.js';

const gadget = defineGadget({
  name: 'trace_x',
  description: 'x',
  category: 'trace',
  type: 'trace',
  params: Type.Object({}),
  event: Type.Object({ pid: Type.Integer({ kind: 'pid' }), who: Type.Integer({ kind: 'uid' }), text: Type.String() }),
  instantiate: () => ({ init() {} }),
}) as unknown as GadgetDescriptor;

describe('operatorApplies', () => {
  it('matches "all", a field kind of the event, the gadget type or its name', () => {
    expect(operatorApplies('all', gadget)).toBe(true);
    expect(operatorApplies({ kinds: ['mntns', 'uid'] }, gadget)).toBe(true);
    expect(operatorApplies({ types: ['trace'] }, gadget)).toBe(true);
    expect(operatorApplies({ gadgets: ['trace_x'] }, gadget)).toBe(true);
  });

  it('does not match when no list names the gadget', () => {
    expect(operatorApplies({ kinds: ['mntns', 'ip'] }, gadget)).toBe(false);
    expect(operatorApplies({ types: ['one-shot'], gadgets: ['trace_y'] }, gadget)).toBe(false);
  });
});
