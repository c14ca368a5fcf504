import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistogramResult } from '@gadgetry/sdk';
import { BAR_WIDTH, histogramText, isHistogramResult } from './histogramText.js';
import { createOutput } from './createOutput.js';

const log2 = (counts: number[]) => counts.map((count, i) => ({ low: i === 0 ? 0 : 2 ** i, high: 2 ** (i + 1) - 1, count }));
const hist = (counts: number[], key?: string) => ({ ...(key === undefined ? {} : { key }), total: counts.reduce((a, b) => a + b, 0), slots: log2(counts) });

describe('histogramText', () => {
  it('prints aligned ranges, counts and bars scaled to the fullest slot, like bcc', () => {
    const out = histogramText({ type: 'histogram', unit: 'usecs', histograms: [hist([0, 3, 0, 12, 1])] });
    expect(out).toBe(
      [
        '     usecs               : count    distribution',
        '         0 -> 1          : 0        |                                        |',
        '         2 -> 3          : 3        |**********                              |',
        '         4 -> 7          : 0        |                                        |',
        '         8 -> 15         : 12       |****************************************|',
        '        16 -> 31         : 1        |***                                     |',
        '',
      ].join('\n'),
    );
  });

  it('widens the columns for long ranges and counts, and a slot with any value shows a star', () => {
    const counts = Array.from({ length: 35 }, (_, i) => (i === 34 ? 1_000_000_000 : i === 3 ? 1 : 0));
    const lines = histogramText({ type: 'histogram', unit: 'usecs', histograms: [hist(counts)] }).trimEnd().split('\n');
    expect(lines[0]).toBe('      usecs                : count      distribution');
    expect(lines[4]).toBe('          8 -> 15          : 1          |*                                       |');
    expect(lines[35]).toBe('17179869184 -> 34359738367 : 1000000000 |****************************************|');
    expect(new Set(lines.slice(1).map((l) => l.length)).size).toBe(1);
  });

  it('titles each keyed histogram and separates them with a blank line', () => {
    const out = histogramText({ type: 'histogram', unit: 'usecs', keyName: 'disk', histograms: [hist([1], 'vda'), hist([0, 2], 'loop3')] });
    expect(out).toBe(
      [
        'disk = vda',
        '     usecs               : count    distribution',
        '         0 -> 1          : 1        |****************************************|',
        '',
        'disk = loop3',
        '     usecs               : count    distribution',
        '         0 -> 1          : 0        |                                        |',
        '         2 -> 3          : 2        |****************************************|',
        '',
      ].join('\n'),
    );
  });

  it('says when nothing was counted', () => {
    expect(histogramText({ type: 'histogram', unit: 'usecs', histograms: [] })).toBe('no values counted\n');
    expect(histogramText({ type: 'histogram', unit: 'usecs', keyName: 'disk', histograms: [{ key: 'sda', total: 0, slots: [] }] })).toBe('disk = sda\nno values counted\n');
  });

  it('escapes keys and units a gadget read from the kernel', () => {
    const out = histogramText({ type: 'histogram', unit: 'u\x1b[2J', keyName: 'disk', histograms: [hist([1], 'sda\r\nroot = x')] });
    expect(out.split('\n')[0]).toBe('disk = sda\\r\\nroot = x');
    expect(out).not.toMatch(/\x1b/);
  });

  it('every line of a histogram is as wide as the others and no bar is longer than the widest', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1e9 }), { minLength: 1, maxLength: 40 }), (counts) => {
        const lines = histogramText({ type: 'histogram', unit: 'nsecs', histograms: [hist(counts)] }).trimEnd().split('\n');
        expect(lines).toHaveLength(counts.length + 1);
        expect(new Set(lines.slice(1).map((l) => l.length)).size).toBe(1);
        const bars = lines.slice(1).map((l) => /\|(\**) *\|$/.exec(l)![1]!.length);
        const max = Math.max(...counts);
        bars.forEach((b, i) => {
          expect(b).toBeLessThanOrEqual(BAR_WIDTH);
          expect(b > 0).toBe(counts[i]! > 0);
          if (counts[i] === max && max > 0) expect(b).toBe(BAR_WIDTH);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('outputs of a histogram result', () => {
  const result: HistogramResult = { type: 'histogram', unit: 'usecs', keyName: 'disk', histograms: [hist([0, 2], 'loop3')] };

  it('is recognised only when it matches the schema', () => {
    expect(isHistogramResult(result)).toBe(true);
    expect(isHistogramResult({ ...result, unit: 5 })).toBe(false);
    expect(isHistogramResult({ type: 'histogram' })).toBe(false);
    expect(isHistogramResult('histogram')).toBe(false);
  });

  it('columns print bars, one result after the other with a blank line; json prints one line with the slots', () => {
    const columns = createOutput('columns', []);
    expect(columns.result(result)).toBe(histogramText(result));
    expect(columns.result(result)).toBe(`\n${histogramText(result)}`);
    const line = createOutput('json', []).result(result);
    expect(line.endsWith('\n') && line.split('\n')).toHaveLength(2);
    expect(JSON.parse(line)).toEqual(result);
    expect(createOutput('yaml', []).result(result)).toMatch(/^type: histogram\nunit: usecs\nkeyName: disk\nhistograms:\n/);
  });

  it('any other result prints as before: text as it is, anything else as indented JSON', () => {
    expect(createOutput('columns', []).result('done')).toBe('done\n');
    expect(createOutput('json', []).result({ emitted: 2 })).toBe('{\n  "emitted": 2\n}\n');
    expect(createOutput('columns', []).result({ type: 'histogram', unit: 'usecs' })).toBe('{\n  "type": "histogram",\n  "unit": "usecs"\n}\n');
  });
});
