import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { collectEvents } from '@gadgetry/runtime';
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
