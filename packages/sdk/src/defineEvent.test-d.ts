// Type tests for the event overlay: its keys are the generated struct's
// fields, so a typo does not compile; what it changes shows in the event type.
import { describe, expectTypeOf, it } from 'vitest';
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from './defineEvent.js';
import { int64 } from './int64Field.js';
import { processFields } from './processFields.js';

// as gadgetry-bpf-build generates it for a struct with a nested struct gadget_process
const eventStruct = Type.Object({
  timestamp: int64(Type.Integer({ kind: 'timestamp' })),
  pid: processFields.pid,
  comm: processFields.comm,
  inode: int64(Type.BigInt()),
  fd: Type.Integer(),
  err: Type.Integer(),
  argsSize: Type.Integer(),
  args: Type.String(),
  fname: Type.String(),
});

describe('defineEvent', () => {
  it('types the event from the struct and the overlay', () => {
    const event = defineEvent(eventStruct, {
      timestamp: { hidden: true },
      inode: { int64: 'number' },
      err: { kind: 'errno' },
      error: { computed: Type.String({ kind: 'errno' }) },
      argsSize: { omit: true },
      args: { strings: true, sizeField: 'args_size' },
      fname: { kind: 'path', header: 'PATH' },
    });
    expectTypeOf<Static<typeof event>>().toEqualTypeOf<{
      timestamp: number;
      pid: number;
      comm: string;
      inode: number;
      fd: number;
      err: number;
      error: string;
      args: string[];
      fname: string;
    }>();
  });

  it('keeps a 64-bit member a BigInt unless the overlay says otherwise', () => {
    const event = defineEvent(eventStruct, { timestamp: { int64: 'bigint' } });
    expectTypeOf<Static<typeof event>['inode']>().toEqualTypeOf<bigint>();
    expectTypeOf<Static<typeof event>['timestamp']>().toEqualTypeOf<bigint>();
  });

  it('refuses a field the struct does not have', () => {
    defineEvent(eventStruct, {
      // @ts-expect-error a typo: the struct has fname, not fnmae
      fnmae: { kind: 'path', header: 'PATH' },
    });
  });

  it('refuses an option the overlay does not have; a kind of its own is a string, not an error', () => {
    // @ts-expect-error knd is not an overlay option
    defineEvent(eventStruct, { fname: { knd: 'path' } });
    // @ts-expect-error an extra unknown option beside a good one
    defineEvent(eventStruct, { fname: { kind: 'path', wdith: 9 } });
    // the kind list is open: a third party's kind passes through to operators
    defineEvent(eventStruct, { fname: { kind: 'acme_filename' } });
    // @ts-expect-error a kind is a string
    defineEvent(eventStruct, { fname: { kind: 7 } });
  });

  it('allows int64 only on 64-bit members and strings only on char arrays', () => {
    // @ts-expect-error fd is a 32-bit member
    defineEvent(eventStruct, { fd: { int64: 'bigint' } });
    // @ts-expect-error fd is not a char array
    defineEvent(eventStruct, { fd: { strings: true } });
  });

  it('wants a schema for a computed field', () => {
    // @ts-expect-error a computed field needs its schema
    defineEvent(eventStruct, { error: { computed: 'string' } });
  });

  it('declares a metric on a numeric field with labels from the other fields', () => {
    defineEvent(eventStruct, {
      inode: { int64: 'number', metric: { type: 'counter', unit: 'bytes', labels: ['fname', 'comm', 'error'] } },
      fd: { metric: { type: 'histogram', buckets: [1, 10, 100], labels: ['pid'] } },
      error: { computed: Type.String({ kind: 'errno' }) },
    });
    // @ts-expect-error a label that is not a field of the event
    defineEvent(eventStruct, { fd: { metric: { type: 'gauge', labels: ['fnmae'] } } });
    // @ts-expect-error a metric type that does not exist
    defineEvent(eventStruct, { fd: { metric: { type: 'summary' } } });
    // @ts-expect-error a char array is not a number: it is a label, not a metric
    defineEvent(eventStruct, { fname: { metric: { type: 'counter' } } });
  });
});
