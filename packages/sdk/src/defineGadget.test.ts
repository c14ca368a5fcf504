import { describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { defineGadget } from './defineGadget.js';
import { fieldAnnotations } from './fieldAnnotations.js';

describe('defineGadget', () => {
  // the inferred types are checked in defineGadget.test-d.ts
  it('returns the descriptor as given: instantiate works and annotations stay on the schema', () => {
    const seen: number[] = [];
    const g = defineGadget({
      name: 'typed',
      description: 'typing check',
      category: 'trace',
      type: 'trace',
      params: Type.Object({ count: Type.Integer({ default: 3 }) }),
      event: Type.Object({ pid: Type.Integer({ kind: 'pid', width: 7 }) }),
      instantiate() {
        let emit: ((e: { pid: number }) => void) | undefined;
        return {
          init(ctx) {
            seen.push(ctx.params.count);
          },
          setEventHandler(h) {
            emit = h;
          },
          start() {
            emit?.({ pid: 1 });
          },
        };
      },
    });
    const inst = g.instantiate();
    inst.init({ id: 'x', gadgetName: 'typed', signal: new AbortController().signal, params: { count: 3 }, logger: console, timeoutMs: 0 });
    expect(seen).toEqual([3]);
    expect(fieldAnnotations(g.event.properties.pid)).toEqual({ kind: 'pid', width: 7 });
  });
});
