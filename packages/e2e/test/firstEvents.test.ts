// Events caused the moment a gadget says it started all arrive, or are
// counted as lost, never silently missing. The kernel itself skips a tracing
// program while another BPF program runs on that CPU and only counts it in
// the program's recursion_misses: the runtime reports those as lost
// (programs_skipped). A second BPF object made for the test makes that happen
// every time: it sends a signal from inside its own program.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collection, kernelTestGate } from '@gadgetry/native-bpf';
import { cliRun } from './fixtures/cliRun.js';
import { ROOT } from './fixtures/workspace.js';

const skip = kernelTestGate();
const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'gadgetry-first-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const TRIES = 5;

interface Summary {
  events: number;
  lost: { total: number; byReason: Record<string, number> };
}

/** The run's summary: the last line of stderr with -o json. */
const summaryOf = (stderr: string) => (JSON.parse(stderr.trim().split('\n').pop()!) as { summary: Summary }).summary;

describe.skipIf(skip)('events caused as soon as the gadget started', () => {
  it(`trace_exec and trace_signal: every one arrives, ${TRIES} runs each`, async () => {
    const marker = join(dir, `first${process.pid % 10000}`);
    symlinkSync('/bin/true', marker);
    for (let i = 0; i < TRIES; i++) {
      let pid = 0;
      const exec = await cliRun(['trace_exec', '--comm', marker.split('/').pop()!, '-o', 'json', '--timeout', '10'], () => {
        pid = spawnSync(marker, [`try${i}`]).pid!;
      }, 300);
      expect(exec.events.map((e) => e.pid), exec.stderr).toContain(pid);

      const target = spawn('sleep', ['30'], { stdio: 'ignore' });
      try {
        const sig = await cliRun(['trace_signal', '--signal', 'USR1', '-o', 'json', '--timeout', '10'], () => {
          process.kill(target.pid!, 'SIGUSR1');
        }, 300);
        expect(sig.events.map((e) => e.targetPid), sig.stderr).toContain(target.pid);
      } finally {
        target.kill('SIGKILL');
      }
    }
  });

  describe('while another BPF program sends signals from inside its program', () => {
    let object = '';
    beforeAll(() => {
      object = join(dir, 'signal_in_bpf.bpf.o');
      const tool = resolve(ROOT, 'tools/bpf-build/bin/gadgetry-bpf-build.mjs');
      execFileSync(process.execPath, [tool, join(here, 'fixtures/bpf/signal_in_bpf.bpf.c'), object], { cwd: ROOT, stdio: 'pipe' });
    });

    it('trace_signal counts the signals the kernel did not let it see as lost (programs_skipped)', async () => {
      // a process that counts the SIGUSR1s it gets, and makes its getppid() calls when told
      const child = spawn('python3', ['-u', '-c', 'import signal,os,sys\nn=[0]\nsignal.signal(signal.SIGUSR1, lambda s,f: n.__setitem__(0, n[0]+1))\nsys.stdin.readline()\nfor _ in range(5): os.getppid()\nprint(n[0])'], { stdio: ['pipe', 'pipe', 'inherit'] });
      let received = '';
      child.stdout.on('data', (d: Buffer) => (received += d.toString()));
      const exited = new Promise<void>((r) => child.on('close', () => r()));
      const other = Collection.load(object, { globals: { target_tgid: child.pid! } });
      try {
        other.attachAll();
        const run = await cliRun(['trace_signal', '--signal', 'USR1', '-o', 'json', '--timeout', '10'], () => void child.stdin.write('go\n'), 500);
        await exited;
        const got = Number(received.trim());
        expect(got, 'the child got its signals').toBe(5);
        const seen = run.events.filter((e) => e.targetPid === child.pid).length;
        const summary = summaryOf(run.stderr);
        // every signal is either an event or counted; the kernel skipped trace_signal's program for some
        expect(summary.lost.byReason.programs_skipped, run.stderr).toBeGreaterThan(0);
        expect(seen + summary.lost.byReason.programs_skipped!, run.stderr).toBeGreaterThanOrEqual(got);
        expect(run.stderr).toMatch(/events lost: the kernel skipped the gadget's programs/);
      } finally {
        other.close();
        child.kill('SIGKILL');
      }
    });
  });
});
