import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { Collection, kernelTestGate, prepareKernel } from '../src/index.js';
import { FIXTURE_BUILD } from './buildFixtures.js';

const skip = kernelTestGate();
const PROBE = join(FIXTURE_BUILD, 'probe.bpf.o');

function hasStrace(): boolean {
  try {
    execFileSync('strace', ['-V'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(skip)('destroying a perf event link closes its perf event fd once', () => {
  beforeAll(() => prepareKernel());

  it('another thread opening fds meanwhile keeps every one of them (no second close hits a reused number)', async () => {
    const c = Collection.load(PROBE);
    const flags = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(new URL('./workers/churnFds.mjs', import.meta.url), { workerData: { flags: flags.buffer } });
    const messages: { rounds?: number; problems?: string[] }[] = [];
    const done = new Promise<void>((resolve, reject) => {
      worker.on('message', (m) => {
        messages.push(m);
        if (m.problems) resolve();
      });
      worker.once('error', reject);
    });
    await new Promise<void>((resolve) => worker.once('message', () => resolve()));
    let cycles = 0;
    const attachErrors: string[] = [];
    try {
      // a stray close(N) hits the other thread's fd within a few hundred cycles; 2000 bound the run
      const end = Date.now() + 3000;
      for (; cycles < 2000 && Date.now() < end && attachErrors.length === 0; cycles++) {
        try {
          c.attachPerfEvent('on_sample', { cpu: 0, samplePeriod: 1e9 }).close();
        } catch (err) {
          attachErrors.push((err as Error).message);
        }
      }
    } finally {
      Atomics.store(flags, 0, 1);
      await done;
      await worker.terminate();
      c.close();
    }
    const report = messages.find((m) => m.problems)!;
    expect(report.problems).toEqual([]);
    expect(attachErrors).toEqual([]);
    expect(cycles).toBeGreaterThanOrEqual(200);
    expect(report.rounds).toBeGreaterThan(cycles); // the other thread really ran alongside

    // strace, where installed, shows it directly: one close() of the fd, and no EBADF
    if (!hasStrace()) return;
    const dir = mkdtempSync(join(tmpdir(), 'gadgetry-perf-close-'));
    try {
      const out = join(dir, 'strace.txt');
      const child = spawnSync(
        'strace',
        ['-f', '-qq', '-e', 'trace=close,getppid', '-o', out, process.execPath, fileURLToPath(new URL('./workers/perfLinkCycle.mjs', import.meta.url)), PROBE],
        { encoding: 'utf8', timeout: 30_000 },
      );
      expect(child.status, child.stderr).toBe(0);
      const fd = /perf event fd (\d+)/.exec(child.stdout)![1];
      const trace = readFileSync(out, 'utf8').split('\n');
      const marks = trace.flatMap((l, i) => (/getppid\(\)/.test(l) ? [i] : []));
      const span = trace.slice(marks.at(-2)! + 1, marks.at(-1));
      const closes = span.filter((l) => new RegExp(`close\\(${fd}\\)`).test(l));
      expect(closes).toHaveLength(1);
      expect(closes[0]).toMatch(/= 0$/);
      expect(span.filter((l) => /EBADF/.test(l))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
