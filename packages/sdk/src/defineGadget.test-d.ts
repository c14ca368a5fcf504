// Type tests: checked by tsc (the typecheck target) and by vitest's typecheck
// mode; nothing here runs. `@ts-expect-error` marks what must not compile, so
// these fail when the inference they describe is made wrong.
import { describe, expectTypeOf, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { defineGadget } from './defineGadget.js';
import type { GadgetContext } from './context.js';
import type { EventHandler, EventHandlerArray } from './lifecycle.js';

const params = Type.Object({
  count: Type.Integer({ default: 3 }),
  mode: Type.Union([Type.Literal('fast'), Type.Literal('slow')]),
  path: Type.Optional(Type.String()),
});
const event = Type.Object({ pid: Type.Integer({ kind: 'pid' }), comm: Type.String({ kind: 'comm' }), args: Type.Array(Type.String()) });

type Params = { count: number; mode: 'fast' | 'slow'; path?: string };
type Event = { pid: number; comm: string; args: string[] };

describe('defineGadget infers its instance types from the schemas', () => {
  it('init receives params typed from the params schema', () => {
    defineGadget({
      name: 'typed',
      description: 'typing check',
      category: 'trace',
      type: 'trace',
      params,
      event,
      instantiate: () => ({
        init(ctx) {
          expectTypeOf(ctx).toEqualTypeOf<GadgetContext<Params>>();
          expectTypeOf(ctx.params.count).toEqualTypeOf<number>();
          expectTypeOf(ctx.params.mode).toEqualTypeOf<'fast' | 'slow'>();
          expectTypeOf(ctx.params.path).toEqualTypeOf<string | undefined>();
          // @ts-expect-error the schema has no such param
          void ctx.params.colour;
        },
      }),
    });
  });

  it('event handlers receive events typed from the event schema', () => {
    defineGadget({
      name: 'typed',
      description: 'typing check',
      category: 'trace',
      type: 'trace',
      params,
      event,
      instantiate: () => ({
        init() {},
        setEventHandler(h) {
          expectTypeOf(h).toEqualTypeOf<EventHandler<Event>>();
          h({ pid: 1, comm: 'x', args: [] });
          // @ts-expect-error pid is an integer in the schema, not a string
          h({ pid: '1', comm: 'x', args: [] });
          // @ts-expect-error args is missing
          h({ pid: 1, comm: 'x' });
        },
        setEventHandlerArray(h) {
          expectTypeOf(h).toEqualTypeOf<EventHandlerArray<Event>>();
        },
        setEventEnricher(enrich) {
          expectTypeOf(enrich).parameter(0).toEqualTypeOf<Event>();
        },
      }),
    });
  });

  it('an instance whose event type differs from the schema is rejected', () => {
    defineGadget({
      name: 'wrong_event',
      description: 'typing check',
      category: 'trace',
      type: 'trace',
      params,
      event,
      instantiate: () => ({
        init() {},
        // @ts-expect-error the handler takes events whose pid is a string: not this gadget's events
        setEventHandler(h: (e: { pid: string }) => void) {
          h({ pid: '1' });
        },
      }),
    });
  });

  it('an instance whose params differ from the schema is rejected', () => {
    defineGadget({
      name: 'wrong_params',
      description: 'typing check',
      category: 'trace',
      type: 'trace',
      params,
      event,
      // @ts-expect-error init wants a context whose count is a string
      instantiate: () => ({ init(_ctx: GadgetContext<{ count: string }>) {} }),
    });
  });

  it('category and type must be ones the runtime knows', () => {
    defineGadget({
      name: 'bad_category',
      description: 'typing check',
      // @ts-expect-error not a gadget category
      category: 'fun',
      type: 'trace',
      params,
      event,
      instantiate: () => ({ init() {} }),
    });
  });
});
