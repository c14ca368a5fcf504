import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { collectEvents, runGadget } from '@gadgetry/runtime';
import builtinOperators from '@gadgetry/operators';
import topFile, { type TopFileEvent } from './index.js';

const skip = kernelTestGate();
const dir = mkdtempSync(join(tmpdir(), 'top-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(skip)('top_file on the running kernel', () => {
  it('reports the bytes and calls this process wrote to and read from a file', async () => {
    const name = `written-${process.pid}.dat`;
    const path = join(dir, name);
    const mine = (rows: TopFileEvent[]) => rows.find((r) => r.file === name && r.pid === process.pid);
    const { tables } = await collectEvents<TopFileEvent>(topFile, {
      traceSelf: true, // the I/O comes from this process, the runtime here
      params: { interval: '0.3', pid: String(process.pid) },
      operators: builtinOperators,
      timeoutMs: 10_000,
      onStarted: () => {
        const fd = openSync(path, 'w+');
        const chunk = Buffer.alloc(1000, 7);
        for (let i = 0; i < 5; i++) writeSync(fd, chunk);
        const back = Buffer.alloc(2000);
        readSync(fd, back, 0, 2000, 0);
        readSync(fd, back, 0, 2000, 2000);
        closeSync(fd);
      },
      until: (rows) => mine(rows) !== undefined,
    });
    const row = tables.map(mine).find(Boolean)!;
    expect(row).toMatchObject({ pid: process.pid, writes: 5, wbytes: 5000, reads: 2, rbytes: 4000, type: 'R', uid: 0 });
    expect(tables.every((t) => t.length <= 20)).toBe(true); // limit operator's interval default
  });

  it('sorts each interval table by --sort and trims it to --max-rows', async () => {
    const paths = [1, 2, 3].map((i) => join(dir, `sorted-${i}.dat`));
    const { tables, result } = await collectEvents<TopFileEvent>(topFile, {
      traceSelf: true, // the I/O comes from this process, the runtime here
      params: { interval: '0.3', pid: String(process.pid), sort: '-wbytes', 'max-rows': '2' },
      operators: builtinOperators,
      timeoutMs: 10_000,
      onStarted: () => {
        paths.forEach((p, i) => {
          const fd = openSync(p, 'w');
          writeSync(fd, Buffer.alloc(100 * (i + 1)));
          closeSync(fd);
        });
      },
      until: (rows) => rows.some((r) => r.file === 'sorted-3.dat'),
    });
    expect(result.error).toBeUndefined();
    const table = tables.find((t) => t.some((r) => r.file === 'sorted-3.dat'))!;
    expect(table.map((r) => [r.file, r.wbytes])).toEqual([
      ['sorted-3.dat', 300],
      ['sorted-2.dat', 200],
    ]);
  });
});

describe.skipIf(skip)('top_file counts exactly', () => {
  it('every write of a busy process lands in exactly one table: calls and bytes add up across many intervals', async () => {
    const writes = 200_000;
    const name = `busy-${process.pid}.dat`;
    // a child that, told to go, writes 1 to 13 bytes at a time to one file as fast as it can
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const fs = require('fs');
         const fd = fs.openSync(process.argv[1], 'w');
         const buf = Buffer.alloc(16, 7);
         process.stdin.once('data', () => {
           for (let i = 0; i < ${writes}; i++) fs.writeSync(fd, buf, 0, (i % 13) + 1);
           process.exit(0);
         });
         process.stdout.write('ready\\n');`,
        join(dir, name),
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    try {
      await new Promise((r) => child.stdout!.once('data', r));
      const tables: TopFileEvent[][] = [];
      const run = runGadget<TopFileEvent>(topFile, { params: { interval: '0.1', pid: String(child.pid) }, timeoutMs: 60_000 });
      run.on('events', (batch, info) => void (info.table && tables.push(batch)));
      await Promise.race([new Promise<void>((r) => run.once('started', () => r())), run.done]);
      child.stdin!.write('go\n');
      await exited;
      // two more intervals: the child's last writes were swapped out and read
      await new Promise((r) => setTimeout(r, 350));
      run.stop();
      const result = await run.done;
      expect(result.error).toBeUndefined();
      const rows = tables.flat().filter((r) => r.pid === child.pid && r.file === name);
      expect(tables.filter((t) => t.some((r) => r.pid === child.pid && r.file === name)).length).toBeGreaterThan(2);
      expect(rows.reduce((n, r) => n + r.writes, 0)).toBe(writes);
      expect(rows.reduce((n, r) => n + r.wbytes, 0)).toBe(Array.from({ length: writes }, (_, i) => (i % 13) + 1).reduce((a, b) => a + b, 0));
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
