// --comm and --pid are applied in the kernel: two processes write to files
// side by side, and the table holds only the rows of the one asked for.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { collectEvents } from '@gadgetry/runtime';
import topFile, { type TopFileEvent } from './index.js';

const skip = kernelTestGate();
const dir = mkdtempSync(join(tmpdir(), 'top-file-filters-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** A process named `title` that writes 100 bytes to its own file 10 times when told to. */
async function writer(title: string) {
  const file = join(dir, `${title}.dat`);
  const script = `process.title = ${JSON.stringify(title)};
    const fs = require('fs');
    process.stdin.once('data', () => { const fd = fs.openSync(${JSON.stringify(file)}, 'w'); for (let i = 0; i < 10; i++) fs.writeSync(fd, Buffer.alloc(100)); fs.closeSync(fd); process.stdout.write('done\\n'); });
    process.stdout.write('ready\\n');`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise((ready) => child.stdout!.once('data', ready));
  return { pid: child.pid!, file: `${title}.dat`, go: () => new Promise((done) => (child.stdout!.once('data', done), child.stdin!.write('go\n'))) };
}

describe.skipIf(skip)('top_file common filters, in the kernel', () => {
  for (const by of ['comm', 'pid'] as const) {
    it(`--${by} counts only the I/O of the process asked for`, async () => {
      const target = await writer(`tf${by}${process.pid % 100000}`);
      const other = await writer(`tg${by}${process.pid % 100000}`);
      let started = false;
      const { tables, result } = await collectEvents<TopFileEvent>(topFile, {
        params: { interval: '0.2', [by]: by === 'comm' ? `tf${by}${process.pid % 100000}` : String(target.pid) },
        timeoutMs: 10_000,
        onStarted: async () => {
          await target.go();
          await other.go();
          started = true;
        },
        until: (rows) => started && rows.some((r) => r.file === target.file),
      });
      expect(result.error).toBeUndefined();
      const rows = tables.flat();
      expect(rows.find((r) => r.file === target.file)).toMatchObject({ pid: target.pid, writes: 10, wbytes: 1000 });
      // every row the kernel counted is the target's: the other writer's I/O was never counted
      expect(rows.every((r) => r.pid === target.pid)).toBe(true);
    });
  }
});
