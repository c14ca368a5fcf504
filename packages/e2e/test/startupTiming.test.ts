// The gadgetry command as a user starts it (its bin, through the launcher):
// where its start-up went is reported phase by phase, in order, up to the
// programs attached; and a real exec is enriched with its executable and its
// parent's name by the process operator.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { ROOT } from './fixtures/workspace.js';
import { cliRun } from './fixtures/cliRun.js';

const skip = kernelTestGate();
const BIN = join(ROOT, 'packages/cli/bin/gadgetry.js');
const dir = mkdtempSync(join(tmpdir(), 'gadgetry-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the bin through its shebang, as a user does: `run <args> -v`. */
const runBin = (args: string[], cause: () => void, settleMs = 700) => cliRun(args, cause, settleMs, [BIN]);

const PHASES = ['node', 'runtime import', 'discovery', 'gadget import', 'setup', 'load', 'attach'];

describe.skipIf(skip)('gadgetry run, from the process start to the programs attached', () => {
  it('reports each start-up phase in order, in -v and in the summary, adding up to the total', async () => {
    const run = await runBin(['trace_exec', '-o', 'json'], () => {}, 100);
    const line = /^trace_exec: startup: (.*): ([\d.]+) ms to attached$/m.exec(run.stderr);
    expect(line, run.stderr).not.toBeNull();
    expect(line![1]!.split(', ').map((p) => p.replace(/ [\d.]+ ms$/, ''))).toEqual(PHASES);
    // the summary line comes after the startup line and the start
    const lines = run.stderr.trim().split('\n');
    expect(lines.findIndex((l) => l.includes(': startup: '))).toBeLessThan(lines.findIndex((l) => l.endsWith(': started')));
    const { summary } = JSON.parse(lines.at(-1)!) as { summary: { startup: { phases: { phase: string; ms: number }[]; totalMs: number } } };
    const { phases, totalMs } = summary.startup;
    expect(phases.map((p) => p.phase)).toEqual(PHASES);
    for (const p of phases) expect(p.ms, p.phase).toBeGreaterThanOrEqual(0);
    expect(Math.abs(phases.reduce((n, p) => n + p.ms, 0) - totalMs)).toBeLessThan(0.5);
    expect(Number(line![2])).toBe(totalMs);
  });

  it('a real exec carries its executable and its parent\'s name, read once per new process', async () => {
    const name = `stexe${process.pid % 10000}`;
    const marker = join(dir, name);
    symlinkSync('/bin/sleep', marker);
    const children: ReturnType<typeof spawn>[] = [];
    const run = await runBin(['trace_exec', '--comm', name, '-o', 'json'], () => {
      // two children of this process: the second's parent name comes from the cache
      for (let i = 0; i < 2; i++) children.push(spawn(marker, ['2'], { stdio: 'ignore' }));
    });
    for (const c of children) c.kill('SIGKILL');
    const events = run.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    const ours = events.filter((e) => children.some((c) => c.pid === e.pid));
    expect(ours.length, run.stderr).toBe(2);
    const myComm = readFileSync('/proc/self/comm', 'utf8').trimEnd();
    for (const e of ours) {
      expect(e).toMatchObject({ comm: name, ppid: process.pid, exe: realpathSync('/bin/sleep'), pcomm: myComm });
    }
  });
});
