import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { Type } from '@gadgetry/sdk';
import { describe, expect, it } from 'vitest';
import { KIND_FORMATS } from './kindFormats.js';
import { runFields } from './runFields.js';
import { valueText } from './valueText.js';

const fields = [
  { name: 'pid', schema: Type.Integer({ kind: 'pid', width: 7 }) },
  { name: 'error', schema: Type.Integer({ kind: 'errno', width: 3, description: 'errno of the call', header: 'ERR', unit: 'none' }) },
  { name: 'lport', schema: Type.Integer({ kind: 'port' }) },
  { name: 'weird', schema: Type.Integer({ kind: 'weird_kind', colour: 'blue' }) },
  { name: 'signal', schema: Type.Integer({ kind: 'signal' }), addedBy: 'sigop' },
  { name: 'already', schema: Type.String({ kind: 'errno' }) },
];

describe('runFields', () => {
  const out = runFields(fields, {});
  const byName = new Map(out.map((f) => [f.name, f]));

  it('shows a formatting kind under its name and the raw value under <name>Raw, right after it', () => {
    expect(out.map((f) => f.name)).toEqual(['pid', 'error', 'errorRaw', 'lport', 'weird', 'signal', 'signalRaw', 'already']);
    const e = { pid: 7, error: 2, lport: 80, weird: 3, signal: 9, already: 'ENOENT' };
    expect(out.map((f) => f.json(e))).toEqual([7, 'ENOENT', 2, 80, 3, 'SIGKILL', 9, 'ENOENT']);
    expect(byName.get('error')).toMatchObject({ form: 'readable', source: 'error', kind: 'errno', rawName: 'errorRaw', example: expect.stringContaining('ENOENT') });
    expect(byName.get('errorRaw')).toMatchObject({ form: 'raw', source: 'error' });
    expect(byName.get('signalRaw')!.addedBy).toBe('sigop');
    expect(byName.get('error')!.parse!('EACCES')).toBe(13);
    expect(byName.get('error')!.raw(e)).toBe(2);
  });

  it('keeps annotations (and unknown ones) on the readable form; the raw twin is hidden with a header of its own', () => {
    expect(byName.get('error')!.schema).toMatchObject({ type: 'string', description: 'errno of the call', header: 'ERR', unit: 'none', width: 15, align: 'left' });
    expect(byName.get('errorRaw')!.schema).toMatchObject({ type: 'integer', hidden: true, header: 'ERR_RAW', description: 'errno of the call (raw value)' });
    expect(byName.get('errorRaw')!.schema).not.toHaveProperty('width');
  });

  it('passes unknown kinds, identity kinds and kinds on values of another type through untouched', () => {
    expect(byName.get('weird')).toMatchObject({ form: 'value', kind: 'weird_kind' });
    expect(byName.get('weird')!.schema).toBe(fields[3]!.schema);
    expect(byName.get('lport')).toMatchObject({ form: 'value', schema: { width: 5, align: 'right' } });
    expect(byName.get('already')!.schema).toBe(fields[5]!.schema);
    expect(byName.get('already')!.json({ already: 'ENOENT' })).toBe('ENOENT');
  });

  it('leaves out a raw twin whose name the event already uses', () => {
    const both = runFields([{ name: 'sig', schema: Type.Integer({ kind: 'signal' }) }, { name: 'sigRaw', schema: Type.String() }], {});
    expect(both.map((f) => [f.name, f.form])).toEqual([['sig', 'readable'], ['sigRaw', 'value']]);
  });

  it('never throws, whatever value an event carries for any kind', () => {
    const all = runFields(Object.keys(KIND_FORMATS).map((kind) => ({ name: kind, schema: kind === 'ip' ? Type.Array(Type.Integer()) : Type.Integer({ kind }) })).map((f, i) => ({ ...f, schema: { ...f.schema, kind: Object.keys(KIND_FORMATS)[i] } })), {
      bootToEpochNs: () => 1n,
      arch: 'x86_64',
      dropReasons: () => new Map([[2, 'SKB_DROP_REASON_NOT_SPECIFIED']]),
    });
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withTypedArray: true }), (v) => {
        for (const f of all) {
          const e = { [f.source]: v };
          expect(typeof f.text(e)).toBe('string');
          f.json(e);
          f.parse?.(valueText(v));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('imports nothing of Node.js, so a browser can use it', () => {
    const dir = dirname(fileURLToPath(import.meta.url));
    const sources = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    for (const f of sources) expect(readFileSync(join(dir, f), 'utf8'), f).not.toMatch(/from 'node:/);
  });
});

describe('a field that applies only to some events (appliesWhen)', () => {
  const ip = { appliesWhen: { field: 'family', oneOf: [2, 10] } };
  const out = runFields(
    [
      { name: 'family', schema: Type.Integer({ kind: 'address_family' }) },
      { name: 'saddr', schema: Type.Array(Type.Integer(), { kind: 'ip', ...ip }) },
      { name: 'sport', schema: Type.Integer({ kind: 'port', ...ip }) },
      { name: 'netns', schema: Type.Integer({ ...ip }) },
    ],
    {},
  );
  const byName = new Map(out.map((f) => [f.name, f]));
  const any = new Array<number>(16).fill(0);

  it('shows the value where the other field holds one of the values', () => {
    const inet6 = { family: 10, saddr: any, sport: 22, netns: 5 };
    expect(['saddr', 'sport', 'netns'].map((n) => byName.get(n)!.text(inet6))).toEqual(['::', '22', '5']);
    expect(byName.get('saddr')!.json(inet6)).toBe('::');
  });

  it('shows nothing (null in JSON) elsewhere, keeping the raw value for its twin, filters and sorting', () => {
    const unix = { family: 1, saddr: any, sport: 0, netns: 5 };
    expect(['saddr', 'sport', 'netns'].map((n) => byName.get(n)!.text(unix))).toEqual(['', '', '']);
    expect(['saddr', 'sport', 'netns'].map((n) => byName.get(n)!.json(unix))).toEqual([null, null, null]);
    expect(byName.get('saddrRaw')!.json(unix)).toEqual(any);
    expect(byName.get('sport')!.raw(unix)).toBe(0);
  });
});
