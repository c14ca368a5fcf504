// --comm and --uid are applied in the kernel: child processes with command
// names and users of their own open a file side by side, and only the opens of
// the one that matches every filter reach user space. An unfiltered run
// beside the filtered one shows the others' opens did happen.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { runGadget, type RunResult } from '@gadgetry/runtime';
import traceOpen, { type TraceOpenEvent } from './index.js';

const skip = kernelTestGate();
const NOBODY = 65534;
const dir = mkdtempSync(join(tmpdir(), 'trace-open-filters-'));
chmodSync(dir, 0o755); // the children running as nobody open a file in it
const file = join(dir, 'opened.txt');
writeFileSync(file, 'x', { mode: 0o644 });
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** A process named `title` (process.title renames its main thread) that opens the file 5 times when told to. */
async function opener(title: string, uid?: number) {
  const script = `process.title = ${JSON.stringify(title)};
    const fs = require('fs');
    process.stdin.once('data', () => { for (let i = 0; i < 5; i++) fs.closeSync(fs.openSync(${JSON.stringify(file)}, 'r')); process.exit(0); });
    process.stdout.write('ready\\n');`;
  const child = spawn(process.execPath, ['-e', script], { uid, gid: uid, stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise((ready) => child.stdout!.once('data', ready));
  const exited = new Promise((r) => child.once('exit', r));
  return { pid: child.pid!, go: async () => (child.stdin!.write('go\n'), await exited) };
}

/** Runs trace_open with `params` until stopped; resolves once it is attached. */
async function tracing(params: Record<string, string>) {
  const run = runGadget<TraceOpenEvent>(traceOpen, { params, timeoutMs: 20_000 });
  const events: TraceOpenEvent[] = [];
  run.on('events', (evs) => void events.push(...evs));
  await Promise.race([new Promise<void>((r) => run.once('started', () => r())), run.done]);
  return {
    events,
    stop: async (): Promise<RunResult> => {
      run.stop();
      return run.done;
    },
  };
}

const opensOf = (events: TraceOpenEvent[], pid: number) => events.filter((e) => e.pid === pid && e.fname === file);

describe.skipIf(skip)('trace_open --comm and --uid, in the kernel', () => {
  it('delivers only the opens of the process that has that command name and user', async () => {
    const title = `to${process.pid % 100000}`;
    const target = await opener(title, NOBODY);
    const sameNameAsRoot = await opener(title);
    const otherNameAsNobody = await opener(`tx${process.pid % 100000}`, NOBODY);
    const filtered = await tracing({ comm: title, uid: String(NOBODY) });
    const all = await tracing({});
    for (const c of [target, sameNameAsRoot, otherNameAsNobody]) await c.go();
    const kept = await filtered.stop();
    await all.stop();

    expect(opensOf(all.events, sameNameAsRoot.pid)).toHaveLength(5);
    expect(opensOf(all.events, otherNameAsNobody.pid)).toHaveLength(5);
    expect(opensOf(filtered.events, target.pid)).toHaveLength(5);
    expect(filtered.events.every((e) => e.pid === target.pid && e.comm === title && e.uid === NOBODY)).toBe(true);
    // what the run delivered is what the kernel sent: nothing was dropped or filtered on the way
    expect(kept.error).toBeUndefined();
    expect(kept.events).toBe(filtered.events.length);
    expect(kept.lost).toMatchObject({ kernel: 0 });
  });
});
