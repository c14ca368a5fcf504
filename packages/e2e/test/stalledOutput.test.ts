import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import type { RunStats } from '@gadgetry/runtime';
import { CLI } from '../../runtime/test/fixtures/tempProject.js';
import { ROOT } from './fixtures/workspace.js';

const skip = kernelTestGate();
const MiB = 1024 * 1024;
/** The bound the CLI's memory must stay under while its reader is stalled (measured: about 100 MiB; 340 MiB and growing before backpressure). */
const RSS_BOUND = 200 * MiB;
/** Stop must finish within this: the 2 s flush grace, plus stopping and closing the gadget. */
const EXIT_BOUND_MS = 6000;

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  at: number;
}

interface Cli {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<Exit>;
}

/**
 * Runs `gadgetry run trace_open` with stdout going where `stdout` says: a
 * pipe this test never reads, or an fd. Stderr is collected.
 */
function startCli(args: string[], stdout: 'pipe' | number): Cli {
  const env = { ...process.env };
  delete env.GADGETRY_PATH;
  const child = spawn(process.execPath, [CLI, 'run', 'trace_open', '-v', ...args], { cwd: ROOT, env, stdio: ['ignore', stdout, 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<Exit>((res) => child.on('exit', (code, signal) => res({ code, signal, at: Date.now() })));
  return { child, stderr: () => stderr, exited };
}

/** Resolves once the gadget is attached (the -v line), or rejects after `ms`. */
async function started(cli: Cli, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cli.stderr().includes('trace_open: started')) {
    if (Date.now() > end || cli.child.exitCode !== null) throw new Error(`trace_open did not start: ${cli.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A child process opening a file in a loop: at most `max` opens and `ms` milliseconds. */
function openFlood(ms: number, max = 3_000_000): Promise<number> {
  const script = `const fs = require('node:fs'); const end = Date.now() + ${ms}; let n = 0;
    while (n < ${max} && Date.now() < end) { fs.closeSync(fs.openSync('/etc/hostname', 'r')); n++; }
    process.stdout.write(String(n));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((res) => child.on('exit', () => res(Number(out))));
}

function rss(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0; // exited
  }
}

/** Floods for `ms` while sampling the CLI's RSS; returns the largest sample. */
async function floodAndSample(cli: Cli, ms: number): Promise<number> {
  let peak = rss(cli.child.pid!);
  const sampler = setInterval(() => (peak = Math.max(peak, rss(cli.child.pid!))), 250);
  await openFlood(ms);
  clearInterval(sampler);
  return Math.max(peak, rss(cli.child.pid!));
}

const lostCounts = (stderr: string) => [...stderr.matchAll(/^warn: (\d+) events lost: /gm)].map((m) => Number(m[1]));

/** The run's JSON summary on stderr (-o json): exactly one. */
function summaryOf(stderr: string): RunStats {
  const lines = stderr.split('\n').filter((l) => l.startsWith('{"summary":'));
  expect(lines).toHaveLength(1);
  return (JSON.parse(lines[0]!) as { summary: RunStats }).summary;
}

/** Ends a CLI that a failed assertion left running. */
const reap = (cli: Cli) => cli.child.exitCode === null && cli.child.signalCode === null && cli.child.kill('SIGKILL');

describe.skipIf(skip)('gadgetry run with a stalled reader of its output', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`keeps memory bounded and ends on ${signal} within the grace period, counting what was lost`, async () => {
      const cli = startCli(['-o', 'json'], 'pipe');
      try {
        await started(cli);
        const peak = await floodAndSample(cli, 3000);
        console.log(`stalled reader: peak RSS ${(peak / MiB).toFixed(0)} MiB`);
        expect(peak).toBeLessThan(RSS_BOUND);
        const sent = Date.now();
        cli.child.kill(signal);
        const exit = await Promise.race([cli.exited, new Promise<null>((r) => setTimeout(() => r(null), EXIT_BOUND_MS + 2000))]);
        expect(exit, `still running ${EXIT_BOUND_MS + 2000} ms after ${signal}; stderr: ${cli.stderr()}`).not.toBeNull();
        expect(exit!.at - sent).toBeLessThan(EXIT_BOUND_MS);
        expect(exit!.code).toBe(0);
        const stderr = cli.stderr();
        expect(stderr).toMatch(/^warn: \d+ events lost: the ring buffer was full while reading was paused \(the output could not keep up\)$/m);
        expect(lostCounts(stderr).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
        // the same losses as data: by reason in the summary, adding up to every warning line
        const summary = summaryOf(stderr);
        expect(summary.lost.byReason.paused).toBeGreaterThan(0);
        expect(summary.lost.total).toBe(lostCounts(stderr).reduce((a, b) => a + b, 0));
        expect(summary.lost.kernel + summary.lost.output).toBe(summary.lost.total);
        const outputLine = /^warn: (\d+) events lost: the output could not keep up/m.exec(stderr);
        expect(summary.lost.byReason.output_behind).toBe(outputLine ? Number(outputLine[1]) : 0);
        expect(summary.ended).toBe('stopped');
        expect(stderr).not.toMatch(/\n\s+at /);
        expect(stderr).not.toMatch(/^error:/m);
      } finally {
        reap(cli);
      }
    });
  }

  it('ends at --timeout within the grace period with memory bounded', async () => {
    const cli = startCli(['-o', 'json', '--timeout', '3'], 'pipe');
    try {
      await started(cli);
      const began = Date.now();
      const peak = await floodAndSample(cli, 3500);
      expect(peak).toBeLessThan(RSS_BOUND);
      const exit = await Promise.race([cli.exited, new Promise<null>((r) => setTimeout(() => r(null), 3000 + EXIT_BOUND_MS + 2000))]);
      expect(exit, `still running after its --timeout; stderr: ${cli.stderr()}`).not.toBeNull();
      expect(exit!.at - began).toBeLessThan(3000 + EXIT_BOUND_MS);
      expect(exit!.code).toBe(0);
      expect(lostCounts(cli.stderr()).length).toBeGreaterThan(0);
    } finally {
      reap(cli);
    }
  });
});

describe.skipIf(skip)('gadgetry run when its output fails', () => {
  it('-o json > /dev/full ends the run with one error line and exit status 1', async () => {
    const full = openSync('/dev/full', 'w');
    const cli = startCli(['-o', 'json', '--timeout', '10'], full);
    closeSync(full);
    try {
      await started(cli).catch(() => undefined); // it may fail before the line is read
      const flood = openFlood(1500);
      const exit = await Promise.race([cli.exited, new Promise<null>((r) => setTimeout(() => r(null), 8000))]);
      await flood;
      expect(exit, `did not end on ENOSPC; stderr: ${cli.stderr()}`).not.toBeNull();
      expect(exit!.code).toBe(1);
      const stderr = cli.stderr();
      expect(stderr.split('\n').filter((l) => l.startsWith('error:'))).toEqual([
        'error: cannot write the events of gadget "trace_open": ENOSPC: no space left on device, write [OUTPUT_FAILED]',
      ]);
      expect(stderr).not.toMatch(/\n\s+at /);
      // the lifecycle still ran its cleanup
      expect(stderr).toMatch(/^trace_open: stop$/m);
      expect(stderr).toMatch(/^trace_open: close$/m);
    } finally {
      reap(cli);
    }
  });
});
