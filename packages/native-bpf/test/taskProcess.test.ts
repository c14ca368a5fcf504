// <gadgetry/process.h>: gadget_fill_task_process() fills the process fields
// of any task as gadget_fill_process() does for the current one, and as /proc
// shows them.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Type, type Static } from '@sinclair/typebox';
import { Collection, createDecoder, decodeFixedRecords, kernelTestGate } from '../src/index.js';
import { FIXTURE_BUILD } from './buildFixtures.js';

const skip = kernelTestGate();
const OBJECT = join(FIXTURE_BUILD, 'task_process.bpf.o');
const NOBODY = 65534;

const processSchema = Type.Object({
  pid: Type.Integer(),
  tid: Type.Integer(),
  ppid: Type.Integer(),
  uid: Type.Integer(),
  gid: Type.Integer(),
  mntnsId: Type.Integer(),
  comm: Type.String(),
});

const open: Collection[] = [];
const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** What /proc says of thread `tid` of process `pid`. */
function procView(pid: number, tid: number) {
  const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)![1]);
  return {
    pid,
    tid,
    ppid: field('PPid'),
    uid: field('Uid'),
    gid: field('Gid'),
    mntnsId: Number(/\[(\d+)\]/.exec(readlinkSync(`/proc/${pid}/ns/mnt`))![1]),
    comm: readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim(),
  };
}

describe.skipIf(skip)('gadget_fill_task_process', () => {
  it('fills every thread of another process, run as another user, as /proc shows it', async () => {
    const child = spawn(process.execPath, ['-e', 'process.title = "fillme"; setInterval(() => {}, 1000); console.log("ready")'], {
      uid: NOBODY,
      gid: NOBODY,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    await new Promise((r) => child.stdout!.once('data', r));
    const c = Collection.load(OBJECT, { globals: { only_tgid: child.pid! } });
    open.push(c);
    const layout = c.structLayout('gadget_process');
    const rows = decodeFixedRecords(c.attach('dump_tasks').readIterator(), layout.size, createDecoder<Static<typeof processSchema>>(layout, processSchema));
    const tids = readdirSync(`/proc/${child.pid}/task`).map(Number).sort((a, b) => a - b);
    expect(rows.map((r) => r.tid).sort((a, b) => a - b)).toEqual(tids);
    expect(rows.length).toBeGreaterThan(1); // node runs worker threads
    for (const r of rows) expect(r).toEqual(procView(child.pid!, r.tid));
    expect(rows.find((r) => r.tid === child.pid)).toMatchObject({ uid: NOBODY, gid: NOBODY, comm: 'fillme', ppid: process.pid });
  });

  it('for the current task, fills what gadget_fill_process fills', () => {
    const c = Collection.load(OBJECT, { globals: { only_tgid: process.pid } });
    open.push(c);
    c.attach('on_getppid');
    void process.ppid;
    c.detachAll();
    const layout = c.structLayout('both');
    const value = c.map('filled').lookup(Buffer.alloc(4))!;
    const one = c.structLayout('gadget_process');
    const decode = createDecoder<Static<typeof processSchema>>(one, processSchema);
    const current = decode(value, 0);
    const task = decode(value, layout.size / 2);
    expect(current).toEqual(procView(process.pid, process.pid));
    expect(task).toEqual(current);
  });
});
