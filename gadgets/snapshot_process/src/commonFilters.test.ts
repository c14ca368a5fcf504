// --comm, --uid and --pid are applied in the kernel, to the tasks the iterator
// walks (not to this process, which reads the iterator): with processes of
// their own names and users alive, only the matching ones come out of it.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { collectEvents } from '@gadgetry/runtime';
import snapshotProcess, { type SnapshotProcessEvent } from './index.js';

const skip = kernelTestGate();
const NOBODY = 65534;
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** A waiting process named `title` (process.title renames its main thread), as `uid`. */
async function waiting(title: string, uid?: number) {
  const script = `process.title = ${JSON.stringify(title)}; process.stdout.write('ready\\n'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script], { uid, gid: uid, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise((ready) => child.stdout!.once('data', ready));
  return child.pid!;
}

describe.skipIf(skip)('snapshot_process common filters, in the kernel', () => {
  it('lists only the processes that have the command name and user asked for', async () => {
    const title = `sp${process.pid % 100000}`;
    const target = await waiting(title, NOBODY);
    const sameNameAsRoot = await waiting(title);
    await waiting(`sx${process.pid % 100000}`, NOBODY);
    const byComm = await collectEvents<SnapshotProcessEvent>(snapshotProcess, { params: { comm: title } });
    expect(byComm.result.error).toBeUndefined();
    expect(byComm.events.map((e) => e.pid).sort()).toEqual([target, sameNameAsRoot].sort());
    const both = await collectEvents<SnapshotProcessEvent>(snapshotProcess, { params: { comm: title, uid: String(NOBODY) } });
    // a one-shot table: the run delivered every record the iterator wrote, and only these
    expect(both.events.map((e) => [e.pid, e.comm, e.uid])).toEqual([[target, title, NOBODY]]);
    expect(both.result.events).toBe(1);
  });

  it('--pid lists those processes, and with --threads their threads', async () => {
    const a = await waiting(`pa${process.pid % 100000}`);
    const b = await waiting(`pb${process.pid % 100000}`);
    const { events } = await collectEvents<SnapshotProcessEvent>(snapshotProcess, { params: { pid: `${a},${b}` } });
    expect(events.map((e) => e.pid).sort()).toEqual([a, b].sort());
    const threads = await collectEvents<SnapshotProcessEvent>(snapshotProcess, { params: { pid: String(a), threads: 'true' } });
    expect(threads.events.length).toBeGreaterThan(1); // node runs worker threads
    expect(threads.events.every((e) => e.pid === a)).toBe(true);
    const oneThread = await collectEvents<SnapshotProcessEvent>(snapshotProcess, { params: { tid: String(a), threads: 'true' } });
    expect(oneThread.events.map((e) => [e.pid, e.tid])).toEqual([[a, a]]);
  });
});
