// --filter and --sort on fields whose kind formats: the readable form and the raw value both work.
import { describe, expect, it } from 'vitest';
import { Type, defineGadget, defineOperator, type GadgetContext } from '@gadgetry/sdk';
import { filterOperator } from './filter.js';
import { parseFilter } from './parseFilter.js';
import { parseSort, sortOperator, sortRows } from './sort.js';
import { testRun } from './testRun.fixture.js';

const gadget = defineGadget({
  name: 'kinds',
  description: 'one field of each formatting kind',
  category: 'trace',
  type: 'one-shot',
  params: Type.Object({}),
  event: Type.Object({
    timestamp: Type.Integer({ kind: 'timestamp' }),
    error: Type.Integer({ kind: 'errno' }),
    latency: Type.Integer({ kind: 'duration' }),
    size: Type.BigInt({ kind: 'bytes' }),
    sig: Type.Integer({ kind: 'signal' }),
    addr: Type.Array(Type.Integer(), { kind: 'ip' }),
    flags: Type.Integer({ kind: 'open_flags' }),
    ino: Type.BigInt(),
  }),
  instantiate: () => ({ init() {} }),
});
const v4 = (a: number, b: number, c: number, d: number) => [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, a, b, c, d];
const BOOT = 1_700_000_000_000_000_000n; // epoch ns at boot
const ctx = { bootToEpochNs: () => BOOT, utc: true, arch: 'x86_64' };
const rows = [
  { timestamp: 3e9, error: 2, latency: 500_000, size: 4096n, sig: 15, addr: v4(127, 0, 0, 1), flags: 0o101, ino: 18446744073709551615n },
  { timestamp: 1e9, error: 0, latency: 2_000_000, size: 10n, sig: 9, addr: v4(10, 0, 0, 2), flags: 0, ino: 7n },
  { timestamp: 2e9, error: 13, latency: 1_500_000, size: 1n << 40n, sig: 34, addr: [...Array(15).fill(0), 1], flags: 0o2, ino: 18446744073709551614n },
];
const run = testRun(gadget, [filterOperator, sortOperator], ctx);
const keep = (expr: string) => rows.map((r, i) => (parseFilter(expr, run.fields)(r) ? i : -1)).filter((i) => i >= 0);

describe('--filter on kinds', () => {
  it('matches a name or the number on the readable field, the number on the raw twin', () => {
    expect(keep('error:ENOENT')).toEqual([0]);
    expect(keep('error:enoent')).toEqual([0]);
    expect(keep('error:2')).toEqual([0]);
    expect(keep('errorRaw:13')).toEqual([2]);
    expect(keep('error:!ENOENT')).toEqual([1, 2]);
    expect(keep('error:')).toEqual([1]); // success shows as nothing
    expect(keep('sig:TERM')).toEqual([0]);
    expect(keep('sig:SIGRT_2')).toEqual([2]);
  });

  it('matches patterns against the text a column shows', () => {
    expect(keep('error:~^EAC')).toEqual([2]);
    expect(keep('flags:~O_CREAT')).toEqual([0]);
    expect(keep('addr:127.0.0.1')).toEqual([0]);
    expect(keep('addr:~^10\\.')).toEqual([1]);
    expect(keep('addr:::1')).toEqual([2]);
    expect(keep('size:~KiB$')).toEqual([0]);
  });

  it('compares sizes, durations and times by their raw values, read from what the user typed', () => {
    expect(keep('latency:>1ms')).toEqual([1, 2]);
    expect(keep('latency:<=1.5ms')).toEqual([0, 2]);
    expect(keep('size:>=4KiB')).toEqual([0, 2]);
    expect(keep('timestamp:>1500000000')).toEqual([0, 2]);
    expect(keep('timestamp:>2023-11-14T22:13:21Z')).toEqual([0, 2]); // BOOT + 1.0 s is 22:13:21
    // a time of day is today's: every row (from 2023) is earlier, none later
    expect(keep('timestamp:<22:13:22.5')).toEqual([0, 1, 2]);
    expect(keep('timestamp:>00:00')).toEqual([]);
  });

  it('compares 64-bit values exactly', () => {
    expect(keep('ino:18446744073709551615')).toEqual([0]);
    expect(keep('ino:>18446744073709551614')).toEqual([0]);
  });

  it('says what a kind takes when a comparison cannot read the value', () => {
    expect(() => keep('latency:>soon')).toThrow('field "latency" (kind duration) cannot be compared with "soon" in --filter "latency:>soon"; give a duration, e.g. 1.5ms, 250us, 2s, or a number of ns');
    expect(() => keep('addr:>1')).toThrow(/^field "addr" \(kind ip\) cannot be compared with "1"/);
  });
});

describe('--sort on kinds', () => {
  it('orders a readable field by its raw value: -timestamp newest first, error by number, addresses by bytes', () => {
    const order = (spec: string) => sortRows([...rows], parseSort(spec, run.fields)).map((r) => rows.indexOf(r as (typeof rows)[number]));
    expect(order('-timestamp')).toEqual([0, 2, 1]);
    expect(order('error')).toEqual([1, 0, 2]);
    expect(order('-size')).toEqual([2, 0, 1]);
    expect(order('addr')).toEqual([2, 1, 0]);
    expect(order('-ino')).toEqual([0, 2, 1]);
  });
});

describe('fields set after the filter', () => {
  const late = defineOperator({
    name: 'late',
    description: 'enriches kept events only',
    params: Type.Object({}),
    dependencies: ['filter'],
    canOperateOn: () => true,
    fields: () => [{ name: 'costly', schema: Type.String() }],
    instantiate: () => ({ enrichEvent: (e) => void (e.costly = 'x') }),
  });
  const ctx0: GadgetContext = { id: 't', gadgetName: 'kinds', signal: new AbortController().signal, params: {}, logger: console, timeoutMs: 0 };

  it('cannot be filtered on, and the message says why; they can be sorted on', async () => {
    const withLate = testRun(gadget, [filterOperator, late, sortOperator]);
    await expect(async () => filterOperator.instantiate(ctx0, gadget.instantiate(), { filter: 'costly:x' }, gadget, withLate)).rejects.toThrow(
      'field "costly" cannot be used in --filter "costly:x": operator "late" adds it after the filter runs; it can be shown and sorted on, not filtered on',
    );
    const sorted = await sortOperator.instantiate(ctx0, gadget.instantiate(), { sort: 'costly' }, gadget, withLate);
    expect(sorted.processBatch).toBeTypeOf('function');
  });
});
