// top_file over more distinct files than its kernel table holds: one process reads
// 50,000 files once each within a single interval. The table stays at its bound
// (10,240 rows), and every read it could not count is reported as lost, so the
// counted reads plus the lost ones add up to the 50,000 reads made.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { CLI } from '../../runtime/test/fixtures/tempProject.js';
import { ROOT } from './fixtures/workspace.js';

const skip = kernelTestGate();
const FILES = 50_000;
const TABLE_ROWS = 10_240; // GADGET_INTERVAL_MAP(stats, ..., 10240) in gadgets/top_file
// tmpfs, where 50,000 files are made and removed in a moment (its files are regular files too)
const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'gadgetry-topfile-scale-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }), 60_000);

/**
 * The reader: a shell that waits for a line on stdin, then becomes `cat` of every file
 * (one read() each that returns data; output to /dev/null, which is not a regular file).
 * Its pid is known before the run starts, and cat reads nothing else.
 */
const READER = 'read go; exec cat "$@" > /dev/null';

interface Row {
  pid: number;
  reads: number;
  file: string;
}

describe.skipIf(skip)('top_file with more files than its table holds', () => {
  it('keeps the table at 10,240 rows and reports every read it could not count as lost', async () => {
    const files = join(dir, 'files');
    mkdirSync(files);
    for (let i = 0; i < FILES; i++) writeFileSync(join(files, `f${i}`), 'x');

    const names = Array.from({ length: FILES }, (_, i) => `f${i}`);
    const reader = spawn('sh', ['-c', READER, 'sh', ...names], { cwd: files, env: { PATH: process.env.PATH, LC_ALL: 'C' }, stdio: ['pipe', 'ignore', 'inherit'] });
    const readerDone = new Promise<number | null>((r) => reader.on('close', r));
    const env = { ...process.env };
    delete env.GADGETRY_PATH;
    // one interval long enough that all reads land in the first table; cat is the pid, filtered in the kernel
    const args = ['run', 'top_file', '--pid', String(reader.pid), '--interval', '15', '--max-rows', '0', '-o', 'json', '-v'];
    const run = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    run.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    run.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const guard = setTimeout(() => {
      run.kill('SIGKILL');
      reader.kill('SIGKILL');
    }, 60_000);
    const exited = new Promise<number | null>((r) => run.on('close', r));
    try {
      const until = async (ok: () => boolean, what: string) => {
        const end = Date.now() + 40_000;
        while (!ok()) {
          if (Date.now() > end || run.exitCode !== null) throw new Error(`${what} did not happen:\n${stderr}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      await until(() => /top_file: started$/m.test(stderr), 'the run start');
      reader.stdin.write('go\n');
      expect(await readerDone).toBe(0);
      await until(() => stdout.includes('\n'), 'the first table');
      await new Promise((r) => setTimeout(r, 500)); // the rest of the table
      run.kill('SIGINT');
      expect(await exited, stderr).toBe(0);
    } finally {
      clearTimeout(guard);
      reader.kill('SIGKILL');
    }

    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Row);
    const mine = lines.filter((r) => r.pid === reader.pid);
    expect(mine).toHaveLength(lines.length);
    const rows = mine.filter((r) => /^f\d+$/.test(r.file));
    // besides the files: the dynamic loader's read of cat's libraries, before any of them
    expect(mine.filter((r) => !rows.includes(r)).map((r) => r.file)).toEqual(['libc.so.6']);
    // the table is full and no bigger than its bound; each file was read once
    expect(mine).toHaveLength(TABLE_ROWS);
    expect(new Set(rows.map((r) => r.file)).size).toBe(rows.length);
    for (const r of rows) expect(r.reads).toBe(1);

    const summaryLine = stderr.split('\n').findLast((l) => l.startsWith('{"summary"'));
    expect(summaryLine, stderr).toBeDefined();
    const { summary } = JSON.parse(summaryLine!) as { summary: { events: number; lost: { total: number; byReason: Record<string, number> } } };
    const counted = rows.reduce((n, r) => n + r.reads, 0);
    expect(counted + summary.lost.byReason.gadget_lost!).toBe(FILES);
    expect(summary.lost.total).toBe(FILES - rows.length);
    expect(stderr).toContain(`${FILES - rows.length} events lost: reads and writes of files not counted: the interval's table was full (10240 rows per interval)`);
  }, 120_000);
});
