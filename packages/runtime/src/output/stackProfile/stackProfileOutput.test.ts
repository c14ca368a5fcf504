import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProfileFrame, StackProfile } from '@gadgetry/sdk';
import { flameGraphHtml } from './flameGraphHtml.js';
import { flameGraphSvg } from './flameGraphSvg.js';
import { foldedStacks } from './foldedStacks.js';
import { resultOutput } from './profileOutput.js';
import { stackTable } from './stackTable.js';
import { writeFileAtomic } from './writeFileAtomic.js';

const dir = mkdtempSync(join(tmpdir(), 'gadgetry-profile-out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const user = (name: string, module = 'app'): ProfileFrame => ({ name, module });
const kernel = (name: string): ProfileFrame => ({ name, kernel: true });

const PROFILE: StackProfile = {
  type: 'stack-profile',
  unit: 'samples',
  total: 100,
  description: 'CPU samples at 49 Hz on 2 CPUs for 1.0 s',
  stacks: [
    { pid: 7, comm: 'app', count: 75, frames: [user('[unknown]', 'libc.so.6'), user('main'), user('burn_cpu')] },
    { pid: 123456, comm: 'app', count: 20, frames: [user('main'), user('do_io'), kernel('entry_SYSCALL_64'), kernel('vfs_read')] },
    { pid: 9, comm: 'we;ird\nname', count: 5, frames: [user('operator<<&"x"'), { name: '[unknown]' }] },
  ],
  unattributed: { unknownFrames: 2, exitedProcessFrames: 1 },
};

describe('stack profile outputs', () => {
  it('folded: one line per stack, command then frames root first, kernel frames marked, separators made safe', () => {
    expect(foldedStacks(PROFILE)).toBe(
      'app;[unknown] (libc.so.6);main;burn_cpu 75\n' +
        'app;main;do_io;entry_SYSCALL_64_[k];vfs_read_[k] 20\n' +
        'we:ird?name;operator<<&"x";[unknown] 5\n',
    );
  });

  it('folded, for any names: every line reads as frames and a count, and the counts add up', () => {
    const frame = fc.record({ name: fc.string({ maxLength: 12 }), kernel: fc.boolean() });
    const stack = fc.record({ pid: fc.nat(), comm: fc.string({ maxLength: 16 }), count: fc.integer({ min: 1, max: 1e6 }), frames: fc.array(frame, { maxLength: 6 }) });
    fc.assert(
      fc.property(fc.array(stack, { maxLength: 20 }), (stacks) => {
        const total = stacks.reduce((n, s) => n + s.count, 0);
        const text = foldedStacks({ type: 'stack-profile', unit: 'samples', total, stacks, unattributed: {} });
        const lines = text === '' ? [] : text.slice(0, -1).split('\n');
        expect(lines).toHaveLength(stacks.length);
        let sum = 0;
        for (const [i, line] of lines.entries()) {
          const m = /^(.*) (\d+)$/.exec(line);
          expect(m, line).not.toBeNull();
          expect(m![1]!.split(';')).toHaveLength(stacks[i]!.frames.length + 1);
          sum += Number(m![2]);
        }
        expect(sum).toBe(total);
      }),
      { numRuns: 300, seed: 14 },
    );
  });

  it('table: counts and percent right-aligned, the STACK column lined up for every frame, leaf first', () => {
    const lines = stackTable(PROFILE).split('\n');
    expect(lines[0]).toBe('CPU samples at 49 Hz on 2 CPUs for 1.0 s: 100 samples');
    const header = lines[1]!;
    const stackAt = header.indexOf('STACK');
    expect(header).toMatch(/^SAMPLES +% +PID COMM +STACK \(leaf first\)$/);
    expect(lines[2]).toMatch(/^ +75 +75\.0% +7 app +burn_cpu$/);
    expect(lines[2]!.indexOf('burn_cpu')).toBe(stackAt);
    expect(lines[3]!.indexOf('main')).toBe(stackAt);
    expect(lines[4]!.slice(stackAt)).toBe('[unknown] (libc.so.6)');
    const second = lines.findIndex((l) => l.includes('vfs_read_[k]'));
    expect(lines[second]!.indexOf('vfs_read_[k]')).toBe(stackAt);
    expect(lines[second]!.indexOf('20.0%') + 5).toBe(header.indexOf('%') + 1);
    // a command name with a line break is escaped, not printed raw
    expect(lines.some((l) => l.includes('we;ird\\nname'))).toBe(true);
    expect(lines.at(-2)).toBe('unattributed: unknownFrames 2, exitedProcessFrames 1');
  });

  it('table: past the limit, the other stacks are summed in one line', () => {
    const text = stackTable(PROFILE, 1);
    expect(text).toContain('... 2 more stacks with 25 samples (25.0%)');
    expect(text).not.toContain('vfs_read');
  });

  it('SVG: one box per frame, widths by counts, names escaped, a tooltip per box', () => {
    const svg = flameGraphSvg(PROFILE, 'test <graph>');
    expect(svg).toContain('>test &lt;graph&gt;</text>');
    expect(svg).toContain('operator&lt;&lt;&amp;&quot;x&quot;');
    expect(svg).not.toContain('operator<<');
    expect(svg).toContain('<title>we;ird name (5 samples, 5.00%)</title>');
    const box = (name: string) => {
      const m = new RegExp(`<title>${name.replace(/[[\]()]/g, '\\$&')} \\((\\d+) samples, ([\\d.]+)%\\)</title><rect x="[\\d.]+" y="\\d+" width="([\\d.]+)"`).exec(svg);
      expect(m, name).not.toBeNull();
      return { count: Number(m![1]), percent: Number(m![2]), width: Number(m![3]) };
    };
    const all = box('all');
    const burn = box('burn_cpu');
    expect(all.count).toBe(100);
    expect(burn).toMatchObject({ count: 75, percent: 75 });
    expect(burn.width / all.width).toBeCloseTo(0.75, 3);
    expect(box('vfs_read_[k]').count).toBe(20);
    expect(svg).toMatch(/<text x="[\d.]+" y="[\d.]+">burn_cpu<\/text>/);
    // self-contained: nothing fetched from elsewhere
    expect(svg).not.toMatch(/href=|src=|@import|url\(/);
  });

  it('HTML: the same graph inline in a page of its own', () => {
    const html = flameGraphHtml(PROFILE, 'cpu');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).not.toContain('<?xml');
    expect(html).toContain('>burn_cpu</text>');
  });

  it('--flamegraph refuses a name that is not .svg or .html, and a folder that does not exist, before the run', () => {
    expect(() => resultOutput('stack-profile', 'columns', { flamegraph: join(dir, 'graph.png') }, 'g')).toThrow(/expected a file name ending in \.svg or \.html/);
    expect(() => resultOutput('stack-profile', 'columns', { flamegraph: join(dir, 'missing', 'g.svg') }, 'g')).toThrow(/does not exist or is not writable/);
    expect(resultOutput(undefined, 'columns', {}, 'g')).toBeUndefined();
  });

  it('the file is written whole or not at all: a failed write leaves neither a partial file nor a temporary one', () => {
    const target = join(dir, 'graph.svg');
    writeFileAtomic(target, 'first');
    writeFileAtomic(target, 'second');
    expect(readFileSync(target, 'utf8')).toBe('second');
    const taken = join(dir, 'taken.svg');
    mkdirSync(taken);
    writeFileSync(join(taken, 'keep'), 'x');
    expect(() => writeFileAtomic(taken, 'graph')).toThrow(/OUTPUT_FAILED|cannot write/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(join(taken, 'keep'))).toBe(true);
  });
});
