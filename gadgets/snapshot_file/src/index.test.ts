import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { collectEvents } from '@gadgetry/runtime';
import snapshotFile, { type SnapshotFileEvent } from './index.js';

const skip = kernelTestGate();
const dir = mkdtempSync(join(tmpdir(), 'snapshot-file-'));
const held = join(dir, 'held.txt');
writeFileSync(held, 'x');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/**
 * A process holding `held` open for reading, a listening socket, its stdio
 * pipes and Node's own epoll and eventfd (anon inodes); it says the fd of
 * the file once it holds everything.
 */
async function holder() {
  const script = `const fs = require('fs'), net = require('net');
    const fd = fs.openSync(${JSON.stringify(held)}, 'r');
    net.createServer().listen(0, '127.0.0.1', () => process.stdout.write(fd + '\\n'));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  const fd = Number(await new Promise<string>((r) => child.stdout!.once('data', (d: Buffer) => r(d.toString()))));
  return { pid: child.pid!, fd };
}

/** What /proc says a process's fds point at, by fd. */
function procFds(pid: number): Map<number, string> {
  const out = new Map<number, string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      out.set(Number(fd), readlinkSync(`/proc/${pid}/fd/${fd}`));
    } catch {
      /* closed meanwhile */
    }
  }
  return out;
}

/** The type the gadget must give a /proc/PID/fd target. */
const typeOf = (target: string) =>
  target.startsWith('socket:') ? 'socket' : target.startsWith('pipe:') ? 'pipe' : target.startsWith('anon_inode:') ? 'anon_inode' : target.startsWith('/dev/') ? 'char' : 'regular';

describe.skipIf(skip)('snapshot_file on the running kernel', () => {
  it('lists every fd of a process with its path and type, as /proc shows them; --pid keeps to that process', async () => {
    const h = await holder();
    const other = await holder();
    const { events, tables, result } = await collectEvents<SnapshotFileEvent>(snapshotFile, { params: { pid: String(h.pid) } });
    expect(result.reason).toBe('completed');
    expect(tables).toHaveLength(1);
    expect(events.every((e) => e.pid === h.pid)).toBe(true);
    expect(events.some((e) => e.pid === other.pid)).toBe(false);
    const proc = procFds(h.pid);
    expect(new Map(events.map((e) => [e.fd, e.path]))).toEqual(proc);
    for (const e of events) expect(e.type, e.path).toBe(typeOf(e.path));
    expect([...new Set(events.map((e) => e.type))]).toEqual(expect.arrayContaining(['regular', 'socket', 'pipe', 'anon_inode']));
    const file = events.find((e) => e.fd === h.fd);
    expect(file).toMatchObject({ pid: h.pid, tid: h.pid, ppid: process.pid, uid: 0, path: held, type: 'regular', pos: 0 });
    expect(file!.flags & 3).toBe(0); // O_RDONLY
    expect(file!.mode & 0o777).toBe(0o644 & ~process.umask());
    expect(file!.mntnsId).toBeGreaterThan(0);
  });

  it('lists every process without --pid, one row per fd, and leaves out the runtime itself', async () => {
    const a = await holder();
    const b = await holder();
    const { events } = await collectEvents<SnapshotFileEvent>(snapshotFile, {});
    for (const h of [a, b]) {
      const rows = events.filter((e) => e.pid === h.pid);
      expect(rows.find((e) => e.fd === h.fd)?.path).toBe(held);
      expect(new Set(rows.map((e) => e.fd)).size).toBe(rows.length); // threads sharing the table are not listed again
    }
    expect(events.filter((e) => e.pid === process.pid)).toEqual([]);
  });

  it('lists the runtime\'s own files with traceSelf', async () => {
    const fd = openSync(held, 'r');
    try {
      const { events } = await collectEvents<SnapshotFileEvent>(snapshotFile, { traceSelf: true, params: { pid: String(process.pid) } });
      expect(events.find((e) => e.fd === fd)).toMatchObject({ pid: process.pid, path: held, type: 'regular' });
    } finally {
      closeSync(fd);
    }
  });
});
