import { describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { defineEvent } from './defineEvent.js';
import { int64, isInt64Field } from './int64Field.js';
import { processFields } from './processFields.js';

const struct = () =>
  Type.Object({
    timestamp: int64(Type.Integer({ kind: 'timestamp' })),
    pid: processFields.pid,
    comm: processFields.comm,
    inode: int64(Type.BigInt()),
    err: Type.Integer(),
    argsSize: Type.Integer(),
    args: Type.String(),
    fname: Type.String(),
  });

describe('defineEvent', () => {
  // the overlay's types (typos, int64 only on 64-bit members) are checked in defineEvent.test-d.ts
  it('lays the overlay over the generated fields, in the struct\'s order, and leaves the rest as generated', () => {
    const s = struct();
    const event = defineEvent(s, {
      fname: { kind: 'path', header: 'PATH', description: 'File name' },
      timestamp: { hidden: true, description: 'ns since boot' },
      pid: { description: 'Opener' },
    });
    expect(Object.keys(event.properties)).toEqual(['timestamp', 'pid', 'comm', 'inode', 'err', 'argsSize', 'args', 'fname']);
    expect(event.properties.fname).toEqual(Type.String({ kind: 'path', header: 'PATH', description: 'File name' }));
    expect(event.properties.timestamp).toEqual(Type.Integer({ kind: 'timestamp', hidden: true, description: 'ns since boot' }));
    // processFields keeps its own presentation where the overlay says nothing, and is not changed
    expect(event.properties.pid).toEqual(Type.Integer({ kind: 'pid', width: 7, description: 'Opener' }));
    expect(processFields.pid.description).toBe('Process id');
    expect(event.properties.comm).toBe(processFields.comm);
    expect(s.properties.fname).toEqual(Type.String());
  });

  it('puts a computed field after the generated field written before it, marked computed', () => {
    const event = defineEvent(struct(), {
      first: { computed: Type.String() },
      err: { kind: 'errno' },
      error: { computed: Type.String({ kind: 'errno', width: 7 }) },
      errno: { computed: Type.Integer() },
    });
    expect(Object.keys(event.properties)).toEqual(['first', 'timestamp', 'pid', 'comm', 'inode', 'err', 'error', 'errno', 'argsSize', 'args', 'fname']);
    expect(event.properties.error).toEqual(Type.String({ kind: 'errno', width: 7, computed: true }));
  });

  it('reads a 64-bit member as a number or a BigInt as the overlay says, keeping its presentation', () => {
    const event = defineEvent(struct(), { timestamp: { int64: 'bigint', hidden: true }, inode: { int64: 'number', kind: 'count' } });
    expect(event.properties.timestamp).toEqual(Type.BigInt({ kind: 'timestamp', hidden: true }));
    expect(event.properties.inode).toEqual(Type.Integer({ kind: 'count' }));
    expect(isInt64Field(struct().properties.inode)).toBe(true);
    expect(JSON.stringify(struct().properties.inode)).toBe('{"type":"bigint"}');
  });

  it('omits members and reads a char array as NUL-separated strings', () => {
    const event = defineEvent(struct(), { argsSize: { omit: true }, args: { strings: true, sizeField: 'args_size', kind: 'text' } });
    expect(Object.keys(event.properties)).not.toContain('argsSize');
    expect(event.properties.args).toEqual(Type.Array(Type.String(), { kind: 'text', sizeField: 'args_size' }));
  });

  it('refuses at definition what the types refuse, for JavaScript authors', () => {
    const bad = (overlay: Record<string, unknown>) => () => defineEvent(struct(), overlay as never);
    expect(bad({ fnmae: { kind: 'path' } })).toThrow(
      'defineEvent: "fnmae" is not a field of the struct (fields: timestamp, pid, comm, inode, err, argsSize, args, fname); a field your code fills is written { computed: schema }',
    );
    expect(bad({ fname: { knd: 'path' } })).toThrow('defineEvent: field "fname" has an unknown overlay option "knd"');
    expect(bad({ err: { int64: 'bigint' } })).toThrow('defineEvent: field "err" is not a 64-bit member; int64 applies only to those');
    expect(bad({ inode: { int64: 'string' } })).toThrow(`defineEvent: field "inode" has int64 "string"; use 'number' or 'bigint'`);
    expect(bad({ err: { strings: true } })).toThrow('defineEvent: field "err" is not a char array; strings and sizeField apply only to those');
    expect(bad({ x: { computed: 'string' } })).toThrow(/"x" is not a field of the struct/);
  });

  it('keeps a metric annotation on the field and refuses one whose labels are not fields', () => {
    const event = defineEvent(struct(), { inode: { int64: 'number', metric: { type: 'counter', unit: 'bytes', labels: ['fname'] } } });
    expect(event.properties.inode).toMatchObject({ type: 'integer', metric: { type: 'counter', unit: 'bytes', labels: ['fname'] } });
    const bad = (overlay: Record<string, unknown>) => () => defineEvent(struct(), overlay as never);
    expect(bad({ err: { metric: { type: 'gauge', labels: ['fnmae'] } } })).toThrow(
      'defineEvent: the metric of field "err" has label "fnmae", which is not another field of the event (fields: timestamp, pid, comm, inode, err, argsSize, args, fname)',
    );
    expect(bad({ err: { metric: { type: 'summary' } } })).toThrow('has type "summary"; use counter, gauge or histogram');
    expect(bad({ err: { metric: { type: 'gauge', buckets: [1] } } })).toThrow('buckets are for histograms');
    expect(bad({ err: { metric: { type: 'histogram', buckets: [2, 1] } } })).toThrow('buckets that are not ascending');
    expect(bad({ err: { metric: { type: 'counter', maxLabelSets: 0 } } })).toThrow('maxLabelSets 0');
  });
});
