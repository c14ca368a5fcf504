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

/** Reads each file of `dir` once (one read() each) when a line arrives on stdin, then says so. */
const READER = `
const fs = require('node:fs');
const dir = process.argv[1], count = Number(process.argv[2]);
const buf = Buffer.alloc(16);
process.stdin.once('data', () => {
  let reads = 0;
  for (let i = 0; i < count; i++) {
    const fd = fs.openSync(dir + '/f' + i, 'r');
    if (fs.readSync(fd, buf, 0, buf.length, null) > 0) reads++;
    fs.closeSync(fd);
  }
  process.stdout.write('done ' + reads + '\\n');
  process.stdin.once('data', () => process.exit(0));
});
`;

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

    const reader = spawn(process.execPath, ['-e', READER, files, String(FILES)], { stdio: ['pipe', 'pipe', 'inherit'] });
    let readerOut = '';
    reader.stdout.on('data', (d: Buffer) => (readerOut += d.toString()));
    const env = { ...process.env };
    delete env.GADGETRY_PATH;
    // one interval long enough that all reads land in the first table
    // the main thread only (its tid is the pid): V8's worker threads read files of their own
    const args = ['run', 'top_file', '--tid', String(reader.pid), '--interval', '15', '--max-rows', '0', '-o', 'json', '-v'];
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
      await until(() => readerOut.includes('\n'), 'the reads');
      await until(() => stdout.includes('\n'), 'the first table');
      await new Promise((r) => setTimeout(r, 500)); // the rest of the table
      run.kill('SIGINT');
      expect(await exited, stderr).toBe(0);
    } finally {
      clearTimeout(guard);
      reader.stdin.end('stop\n');
    }
    expect(readerOut).toBe(`done ${FILES}\n`);

    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Row);
    const rows = lines.filter((r) => r.pid === reader.pid && /^f\d+$/.test(r.file));
    expect(lines.filter((r) => !rows.includes(r))).toEqual([]);
    // the table is full and no bigger than its bound; each file was read once
    expect(rows).toHaveLength(TABLE_ROWS);
    expect(new Set(rows.map((r) => r.file)).size).toBe(TABLE_ROWS);
    for (const r of rows) expect(r.reads).toBe(1);

    const summaryLine = stderr.split('\n').findLast((l) => l.startsWith('{"summary"'));
    expect(summaryLine, stderr).toBeDefined();
    const { summary } = JSON.parse(summaryLine!) as { summary: { events: number; lost: { total: number; byReason: Record<string, number> } } };
    const counted = rows.reduce((n, r) => n + r.reads, 0);
    expect(counted + summary.lost.byReason.gadget_lost!).toBe(FILES);
    expect(summary.lost.total).toBe(FILES - TABLE_ROWS);
    expect(stderr).toMatch(/\b39760 events lost: reads and writes of files not counted: the interval's table was full \(10240 rows per interval\)/);
  }, 120_000);
});
