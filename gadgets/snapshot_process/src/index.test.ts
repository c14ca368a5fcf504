import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { collectEvents } from '@gadgetry/runtime';
import snapshotProcess, { type SnapshotProcessEvent } from './index.js';

const skip = kernelTestGate();
const comm = (pid: number) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim();

describe.skipIf(skip)('snapshot_process on the running kernel', () => {
  it('lists this process and its parent once, as one table, then stops by itself', async () => {
    // this process runs the gadget: it is the runtime, left out unless traceSelf
    const { events, tables, result } = await collectEvents<SnapshotProcessEvent>(snapshotProcess, { traceSelf: true });
    expect(result.reason).toBe('completed');
    expect(tables).toHaveLength(1);
    const me = events.filter((e) => e.pid === process.pid);
    expect(me).toHaveLength(1);
    expect(me[0]).toMatchObject({ ppid: process.ppid, uid: 0, comm: comm(process.pid), tid: process.pid });
    expect(me[0]!.threads).toBeGreaterThan(1); // node runs worker threads
    expect(events.find((e) => e.pid === process.ppid)?.comm).toBe(comm(process.ppid));
    expect(events.every((e) => e.tid === e.pid)).toBe(true);
  });

  it('lists every thread with --threads', async () => {
    const { events } = await collectEvents<SnapshotProcessEvent>(snapshotProcess, { params: { threads: 'true' }, traceSelf: true });
    const mine = events.filter((e) => e.pid === process.pid);
    expect(mine.length).toBe(mine[0]!.threads);
    expect(new Set(mine.map((e) => e.tid)).size).toBe(mine.length);
  });

  it('leaves out the runtime\'s own process by default, in the kernel', async () => {
    for (const threads of ['false', 'true']) {
      const { events } = await collectEvents<SnapshotProcessEvent>(snapshotProcess, { params: { threads } });
      expect(events.filter((e) => e.pid === process.pid)).toEqual([]);
      expect(events.find((e) => e.pid === process.ppid)?.comm).toBe(comm(process.ppid));
    }
  });
});
