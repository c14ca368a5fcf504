// Lost events as data, from a real flood: trace_open with a 4 KiB ring buffer
// and more failed opens than it can hold. Every loss must come back with its
// reason (ring_full), in the run's `lost` reports, its stats and the CLI's
// summary, and the counts must add up to what was done.
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import traceOpen, { type TraceOpenEvent } from '@gadgetry/gadget-trace_open';
import { runGadget, type LostReport, type RunStats } from '@gadgetry/runtime';
import { CLI } from '../../runtime/test/fixtures/tempProject.js';
import { ROOT } from './fixtures/workspace.js';

const skip = kernelTestGate();
const dir = mkdtempSync(join(tmpdir(), 'gadgetry-loss-reasons-'));
const MISSING = join(dir, 'absent.txt');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RING_FULL_WORDS = 'the ring buffer was full; raise --buffer-kb';

describe.skipIf(skip)('lost events carry their reason', () => {
  it('a flood the ring buffer cannot hold: every report says ring_full, and the stats count them by reason', async () => {
    const attempts = 20_000;
    const run = runGadget<TraceOpenEvent>(traceOpen, {
      traceSelf: true, // the opens come from this process
      params: { pid: String(process.pid), failed: 'true', 'buffer-kb': '4' },
      timeoutMs: 10_000,
    });
    const reports: LostReport[] = [];
    let seen = 0;
    run.on('lost', (r) => reports.push(r));
    run.on('events', (events) => (seen += events.filter((e) => e.fname === MISSING).length));
    run.once('started', () => {
      // a loop that never yields: the reader cannot drain until it ends
      for (let i = 0; i < attempts; i++) {
        try {
          openSync(MISSING, 'r');
        } catch {
          /* ENOENT */
        }
      }
      setTimeout(() => run.stop(), 200);
    });
    const result = await run.done;
    expect(result.error).toBeUndefined();
    expect(reports.length).toBeGreaterThan(0);
    for (const r of reports) expect(r).toEqual({ count: expect.any(Number), reason: 'ring_full', where: 'kernel', message: RING_FULL_WORDS });
    const reported = reports.reduce((n, r) => n + r.count, 0);
    const { lost } = result.stats;
    expect(lost.byReason.ring_full).toBe(reported);
    expect(lost.total).toBe(reported);
    expect(lost.kernel).toBe(reported);
    expect(result.lost).toEqual(lost);
    expect(seen + reported).toBe(attempts);
    expect(result.stats.events).toBeGreaterThanOrEqual(seen);
  });

  it('the CLI prints each loss as a warning line and totals them by reason in its JSON summary', async () => {
    // a process that floods once told to, so the CLI can be started on its pid first
    const flooder = spawn(
      process.execPath,
      [
        '-e',
        `const fs = require('fs');
         process.stdin.once('data', () => {
           for (let i = 0; i < 200000; i++) { try { fs.openSync(${JSON.stringify(MISSING)}, 'r'); } catch {} }
           process.exit(0);
         });
         process.stdout.write('ready\\n');`,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    onTestFinished(() => void (flooder.exitCode === null && flooder.kill('SIGKILL')));
    await new Promise((r) => flooder.stdout!.once('data', r));
    const flooded = new Promise((r) => flooder.on('exit', r));

    const env = { ...process.env };
    delete env.GADGETRY_PATH;
    // stdout to /dev/null: the output never falls behind, so every loss is the ring buffer's
    const cli = spawn(process.execPath, [CLI, 'run', 'trace_open', '-v', '-o', 'json', '--pid', String(flooder.pid), '--failed', '--buffer-kb', '4'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    onTestFinished(() => void (cli.exitCode === null && cli.kill('SIGKILL')));
    let stderr = '';
    cli.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => cli.on('exit', (code) => r(code)));
    for (let i = 0; i < 300 && !stderr.includes('trace_open: started'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(stderr).toContain('trace_open: started');
    flooder.stdin!.write('go\n');
    await flooded;
    await new Promise((r) => setTimeout(r, 1500)); // losses are reported once a second
    cli.kill('SIGINT');
    expect(await exited).toBe(0);

    const warned = [...stderr.matchAll(/^warn: (\d+) events lost: (.*)$/gm)];
    expect(warned.length).toBeGreaterThan(0);
    expect(new Set(warned.map((m) => m[2]))).toEqual(new Set([RING_FULL_WORDS]));
    const summaries = stderr.split('\n').filter((l) => l.startsWith('{"summary":'));
    expect(summaries).toHaveLength(1);
    const { summary } = JSON.parse(summaries[0]!) as { summary: RunStats };
    const total = warned.reduce((n, m) => n + Number(m[1]), 0);
    expect(summary).toMatchObject({ gadget: 'trace_open', ended: 'stopped' });
    expect(summary.lost.byReason.ring_full).toBe(total);
    expect(summary.lost.total).toBe(total);
    // every flooding open is delivered or counted lost; the flooder's Node may fail an open or two of its own (at exit)
    expect(summary.events + total).toBeGreaterThanOrEqual(200_000);
    expect(summary.events + total).toBeLessThanOrEqual(200_010);
  });
});
