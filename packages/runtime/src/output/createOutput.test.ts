import { Type } from '@sinclair/typebox';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { defineGadget } from '@gadgetry/sdk';
import { createOutput } from './createOutput.js';
import { eventFields, selectFields } from './fields.js';

const gadget = defineGadget({
  name: 'out',
  description: 'output check',
  category: 'trace',
  type: 'trace',
  params: Type.Object({}),
  event: Type.Object({
    pid: Type.Integer({ kind: 'pid', width: 7 }),
    comm: Type.String({ kind: 'comm', width: 8 }),
    args: Type.Array(Type.String(), { width: 20 }),
    ts: Type.Integer({ kind: 'timestamp', hidden: true }),
  }),
  instantiate: () => ({ init() {} }),
});
const events = [
  { pid: 1, comm: 'systemd', args: ['/sbin/init'], ts: 5 },
  { pid: 123456, comm: 'a-very-long-name', args: ['sh', '-c', 'true'], ts: 6 },
];
// boot at the epoch, so a timestamp of n ns since boot reads as n ns after 1970
const all = eventFields(gadget, [], { bootToEpochNs: () => 0n, utc: true });
const at = (ns: number) => `1970-01-01T00:00:00.${String(ns).padStart(9, '0')}Z`;
/** An event as JSON and YAML write it: the timestamp readable under its name, raw under tsRaw. */
const written = (e: (typeof events)[number]) => ({ pid: e.pid, comm: e.comm, args: e.args, ts: at(e.ts), tsRaw: e.ts });

describe('outputs', () => {
  it('prints aligned columns with widths from the annotations, hiding hidden fields', () => {
    const out = createOutput('columns', all);
    const text = out.begin() + out.batch(events, { table: false });
    expect(text).toBe(['    PID COMM     ARGS', '      1 systemd  /sbin/init', ' 123456 a-very-… sh -c true', ''].join('\n'));
  });

  it('writes JSON that parses back, with escapes, arrays, booleans and missing values', () => {
    const out = createOutput('json', all);
    const odd = { pid: 7, comm: 'a"b\\c\n', args: ['x y', 'é'], ts: 0 };
    // a timestamp of 0 was never set: its readable form is empty
    expect(JSON.parse(out.batch([odd], { table: false }))).toEqual({ ...odd, ts: '', tsRaw: 0 });
    expect(JSON.parse(out.batch([{ pid: 1 }], { table: false }))).toEqual({ pid: 1, comm: null, args: null, ts: null, tsRaw: null });
  });

  it('prints one JSON object per line with every field', () => {
    const out = createOutput('json', all);
    const lines = out.batch(events, { table: false }).trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual(events.map(written));
  });

  it('restricts json to --fields, keeping the raw value of a kind beside its readable form', () => {
    const out = createOutput('json', all, ['comm', 'ts']);
    expect(out.batch(events.slice(0, 1), { table: false })).toBe(`{"comm":"systemd","ts":"${at(5)}","tsRaw":5}\n`);
    expect(createOutput('json', all, ['tsRaw', 'pid']).batch(events.slice(0, 1), { table: false })).toBe('{"tsRaw":5,"pid":1}\n');
  });

  it('prints pretty json and yaml that parse back to what json writes', () => {
    const pretty = createOutput('jsonpretty', all).batch(events, { table: false });
    expect(pretty).toContain('\n  "pid": 1,\n');
    expect(parse(createOutput('yaml', all).batch(events, { table: false }))).toEqual(events.map(written));
  });

  it('writes yaml keys in the order json writes them, the schema\'s, whatever order the event object has', () => {
    const shuffled = { ts: 6, args: ['a'], comm: 'c', pid: 2, extra: 'not in the schema' };
    const json = Object.keys(JSON.parse(createOutput('json', all).batch([shuffled], { table: false })) as object);
    const yaml = Object.keys((parse(createOutput('yaml', all).batch([shuffled], { table: false })) as object[])[0]!);
    const pretty = Object.keys(JSON.parse(createOutput('jsonpretty', all).batch([shuffled], { table: false })) as object);
    expect(json).toEqual(['pid', 'comm', 'args', 'ts', 'tsRaw']);
    expect(yaml).toEqual(json);
    expect(pretty).toEqual(json);
    const picked = createOutput('yaml', all, ['comm', 'pid']).batch([shuffled], { table: false });
    expect(picked).toBe('- comm: c\n  pid: 2\n');
  });

  it('repeats the header before each table', () => {
    const out = createOutput('columns', all, ['pid']);
    expect(out.batch([events[0]!], { table: true }) + out.batch([events[1]!], { table: true })).toBe(
      '    PID\n      1\n\n    PID\n 123456\n',
    );
  });

  it('writes BigInt values (u64 beyond 2^53) exactly in json, jsonpretty, yaml and columns', () => {
    const big = 18446744073709551615n;
    const wide = defineGadget({
      name: 'wide',
      description: 'u64 fields',
      category: 'trace',
      type: 'trace',
      params: Type.Object({}),
      event: Type.Object({
        inode: Type.BigInt({ width: 22 }),
        count: Type.Integer({ width: 20 }),
        extra: Type.Object({ cookie: Type.BigInt() }, { width: 32 }),
        ids: Type.Array(Type.BigInt(), { width: 30 }),
      }),
      instantiate: () => ({ init() {} }),
    });
    const fields = eventFields(wide);
    const ev = { inode: big, count: 9007199254740993n, extra: { cookie: big }, ids: [1n, big] };
    const digits = '18446744073709551615';
    expect(createOutput('json', fields).batch([ev], { table: false })).toBe(
      `{"inode":${digits},"count":9007199254740993,"extra":{"cookie":${digits}},"ids":[1,${digits}]}\n`,
    );
    const pretty = createOutput('jsonpretty', fields).batch([ev], { table: false });
    expect(pretty).toContain(`"inode": ${digits},`);
    expect(pretty).toContain(`"cookie": ${digits}`);
    expect(parse(createOutput('yaml', fields).batch([ev], { table: false }), { intAsBigInt: true })).toEqual([ev]);
    const columns = createOutput('columns', fields).batch([ev], { table: false });
    expect(columns).toContain(digits);
    expect(columns).toContain(`{"cookie":${digits}}`);
    expect(columns).toContain(`1 ${digits}`);
  });

  it('rejects unknown formats and fields with the allowed ones', () => {
    expect(() => createOutput('xml', all)).toThrow('unknown output format "xml"; use one of: columns, json, jsonpretty, yaml');
    expect(() => selectFields(all, ['pid', 'nope'])).toThrow('unknown field "nope" in --fields; available: pid, comm, args, ts');
  });
});
