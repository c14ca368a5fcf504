// Type tests for the types a descriptor gives its users (see defineGadget.test-d.ts).
import { describe, expectTypeOf, it } from 'vitest';
import { Type, type Static } from '@sinclair/typebox';
import { defineGadget } from './defineGadget.js';
import type { EventOf, ParamsOf } from './descriptor.js';
import { processFields } from './processFields.js';

const gadget = defineGadget({
  name: 'typed',
  description: 'typing check',
  category: 'snapshot',
  type: 'one-shot',
  params: Type.Object({ threads: Type.Boolean({ default: false }) }),
  event: Type.Object({ ...processFields, threads: Type.Integer() }),
  instantiate: () => ({ init() {} }),
});

describe('ParamsOf and EventOf', () => {
  it('give the static param and event types of a descriptor', () => {
    expectTypeOf<ParamsOf<typeof gadget>>().toEqualTypeOf<{ threads: boolean }>();
    expectTypeOf<EventOf<typeof gadget>>().toEqualTypeOf<{
      mntnsId: number;
      pid: number;
      tid: number;
      ppid: number;
      uid: number;
      gid: number;
      comm: string;
      threads: number;
    }>();
    expectTypeOf<EventOf<typeof gadget>>().toEqualTypeOf<Static<typeof gadget.event>>();
  });

  it('an event missing a schema field is not the gadget\'s event', () => {
    // @ts-expect-error comm is missing
    const e: EventOf<typeof gadget> = { mntnsId: 1, pid: 1, tid: 1, ppid: 0, uid: 0, gid: 0, threads: 1 };
    void e;
  });
});
