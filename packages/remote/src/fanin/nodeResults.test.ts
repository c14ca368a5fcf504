import { describe, expect, it } from 'vitest';
import type { HistogramResult, StackProfile } from '@gadgetry/sdk';
import { mergeNodeResults, resultOfNode } from './nodeResults.js';

const profile = (count: number, leaf: string, unattributed: Record<string, number> = {}): StackProfile => ({
  type: 'stack-profile',
  unit: 'samples',
  total: count,
  stacks: [{ pid: 7, comm: 'spin', count, frames: [{ name: 'main' }, { name: leaf }] }],
  unattributed,
  description: 'CPU samples at 49 Hz on 2 CPUs for 1.0 s',
});

const histogram = (count: number, key?: string): HistogramResult => ({
  type: 'histogram',
  unit: 'usecs',
  ...(key ? { keyName: 'disk' } : {}),
  histograms: [{ ...(key ? { key } : {}), total: count, slots: [{ low: 0, high: 1, count }] }],
});

describe('results of several nodes', () => {
  it('one node\'s result is kept as it is', () => {
    const p = profile(3, 'burn');
    expect(mergeNodeResults([{ node: 'a', value: p }])).toBe(p);
    expect(mergeNodeResults([])).toBeUndefined();
  });

  it('stack profiles become one, each stack under its node, counts and unattributed added up, most counted first', () => {
    const merged = mergeNodeResults([
      { node: 'a', value: profile(3, 'burn', { unknown: 1 }) },
      { node: 'b', value: profile(5, 'spin', { unknown: 2, lost: 4 }) },
    ]) as StackProfile;
    expect(merged.total).toBe(8);
    expect(merged.unattributed).toEqual({ unknown: 3, lost: 4 });
    expect(merged.stacks.map((s) => [s.count, s.frames.map((f) => f.name).join(';')])).toEqual([
      [5, 'b;main;spin'],
      [3, 'a;main;burn'],
    ]);
    expect(merged.description).toBe('CPU samples at 49 Hz on 2 CPUs for 1.0 s (on a), on 2 nodes');
  });

  it('histograms stand side by side, keyed by node (and by their own key)', () => {
    expect(mergeNodeResults([{ node: 'a', value: histogram(2) }, { node: 'b', value: histogram(4) }])).toEqual({
      type: 'histogram',
      unit: 'usecs',
      keyName: 'node',
      histograms: [
        { key: 'a', total: 2, slots: [{ low: 0, high: 1, count: 2 }] },
        { key: 'b', total: 4, slots: [{ low: 0, high: 1, count: 4 }] },
      ],
    });
    expect(resultOfNode('a', histogram(1, 'sda'))).toMatchObject({ keyName: 'node disk', histograms: [{ key: 'a sda' }] });
  });

  it('any other result, or results that do not match, are kept per node', () => {
    expect(mergeNodeResults([{ node: 'a', value: { seccomp: 1 } }, { node: 'b', value: { seccomp: 2 } }])).toEqual({ a: { seccomp: 1 }, b: { seccomp: 2 } });
    expect(mergeNodeResults([{ node: 'a', value: profile(1, 'x') }, { node: 'b', value: histogram(1) }])).toEqual({ a: profile(1, 'x'), b: histogram(1) });
    expect(resultOfNode('a', { other: true })).toEqual({ other: true });
  });
});
