import { describe, expect, it } from 'vitest';
import { collectEvents, paramSpecs } from '@gadgetry/runtime';
import builtinOperators from '@gadgetry/operators';
import traceOpen from './index.js';

/** Runs with these params; they must be refused before the gadget starts. */
async function refusal(params: Record<string, string>) {
  let started = false;
  const { result } = await collectEvents(traceOpen, { params, operators: builtinOperators, timeoutMs: 3000, onStarted: () => (started = true) });
  expect(started, JSON.stringify(params)).toBe(false);
  expect(result.error?.code, JSON.stringify(params)).toBe('PARAM_INVALID');
  return result.error!.message;
}

describe('trace_open params', () => {
  it('refuses a pid with a fraction or exponent instead of tracing another process', async () => {
    expect(await refusal({ pid: '1.9' })).toBe('invalid value "1.9" for --pid of gadget "trace_open": expected integer[] (1..4294967295)');
    expect(await refusal({ pid: '42,1e3' })).toMatch(/^invalid value "42,1e3" for --pid/);
  });

  it('refuses a pid, uid or gid past 32 bits up front instead of failing at start', async () => {
    expect(await refusal({ pid: '99999999999' })).toBe('invalid value "99999999999" for --pid of gadget "trace_open": expected integer[] (1..4294967295)');
    expect(await refusal({ uid: '0,4294967296' })).toBe('invalid value "0,4294967296" for --uid of gadget "trace_open": expected integer[] (0..4294967295)');
    expect(await refusal({ gid: '-1' })).toMatch(/^invalid value "-1" for --gid of gadget "trace_open": expected integer\[\]/);
    expect(await refusal({ tid: '1,,2' })).toMatch(/^invalid value "1,,2" for --tid of gadget "trace_open"/);
  });

  it('refuses --pid 0, which once meant every process, instead of reading it as the idle task', async () => {
    expect(await refusal({ pid: '0' })).toBe('invalid value "0" for --pid of gadget "trace_open": expected integer[] (1..4294967295)');
  });

  it('refuses a command name longer than the 15 bytes the kernel keeps, in characters or in bytes', async () => {
    expect(await refusal({ comm: 'sh,0123456789abcdef' })).toMatch(/^invalid value "sh,0123456789abcdef" for --comm of gadget "trace_open": expected string\[\]/);
    expect(await refusal({ comm: 'éééééééé' })).toBe('invalid value "éééééééé" for --comm: 16 bytes; the kernel keeps at most 15 bytes of a command name');
  });

  it('refuses more values than the kernel keeps', async () => {
    const many = Array.from({ length: 65 }, (_, i) => i + 1).join(',');
    expect(await refusal({ pid: many })).toBe('too many values for --pid: 65; the kernel keeps at most 64');
  });

  it('refuses ring buffer sizes past 1 GiB or not a power of two', async () => {
    expect(await refusal({ 'buffer-kb': '6291456' })).toBe('invalid value "6291456" for --buffer-kb of gadget "trace_open": expected integer (4..1048576)');
    expect(await refusal({ 'buffer-kb': '3000' })).toMatch(/^invalid value 3000 for --buffer-kb: expected a power of two from 4 to 1048576/);
  });

  it('shows the ranges in its param descriptions', () => {
    const specs = paramSpecs(traceOpen.params);
    expect(specs.find((s) => s.key === 'pid')).toMatchObject({
      flag: 'pid',
      type: 'integer[]',
      description: 'Only these process ids (comma-separated, up to 64; filtered in the kernel) (1..4294967295)',
    });
    expect(specs.filter((s) => ['pid', 'tid', 'uid', 'gid', 'comm'].includes(s.flag)).map((s) => s.flag)).toEqual(['pid', 'tid', 'uid', 'gid', 'comm']);
    expect(specs.find((s) => s.key === 'bufferKb')?.description).toMatch(/\(4\.\.1048576\)$/);
  });
});
