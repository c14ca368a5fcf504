import { describe, expect, it } from 'vitest';
import { collectEvents, paramSpecs } from '@gadgetry/runtime';
import builtinOperators from '@gadgetry/operators';
import topFile from './index.js';

/** Runs with these params; they must be refused before the gadget starts. */
async function refusal(params: Record<string, string>) {
  let started = false;
  const { result, tables } = await collectEvents(topFile, { params, operators: builtinOperators, timeoutMs: 1500, onStarted: () => (started = true) });
  expect(started, JSON.stringify(params)).toBe(false);
  expect(tables, JSON.stringify(params)).toEqual([]);
  expect(result.error?.code, JSON.stringify(params)).toBe('PARAM_INVALID');
  return result.error!.message;
}

describe('top_file params', () => {
  it('refuses an interval a Node timer cannot hold instead of printing a table every millisecond', async () => {
    expect(await refusal({ interval: '1e10' })).toBe('invalid value "1e10" for --interval of gadget "top_file": expected number (0.1..2147483.647)');
    expect(await refusal({ interval: '10000000000' })).toBe(
      'invalid value "10000000000" for --interval of gadget "top_file": expected number (0.1..2147483.647)',
    );
  });

  it('refuses a pid with a fraction instead of counting another process', async () => {
    expect(await refusal({ pid: '1.9' })).toBe('invalid value "1.9" for --pid of gadget "top_file": expected integer[] (1..4294967295)');
  });

  it('shows the ranges in its param descriptions', () => {
    const specs = paramSpecs(topFile.params);
    expect(specs.find((s) => s.key === 'interval')?.description).toBe('Seconds between tables (0.1..2147483.647)');
  });
});
