// The kinds of the real gadgets through the real CLI and the running kernel:
// a boot-time timestamp becomes the wall-clock time the test caused the event
// at, an errno its name, open(2) flags and a mode their names, a byte count a
// size; each raw value is kept under <field>Raw, and --filter and --sort work
// on both.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { CLI } from '../../runtime/test/fixtures/tempProject.js';
import { ROOT } from './fixtures/workspace.js';

const skip = kernelTestGate();
const dir = mkdtempSync(join(tmpdir(), 'gadgetry-kinds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tag = `k${process.pid % 100000}`;

/**
 * Runs `gadgetry run <args> -v` (with -o json unless `columns`); once the
 * gadget is attached calls `cause`, then stops the CLI with SIGINT after
 * `settleMs`. Resolves to the events (json), stdout and stderr.
 */
async function traced(args: string[], cause: () => void, settleMs = 700, columns = false) {
  const env = { ...process.env };
  delete env.GADGETRY_PATH;
  const child = spawn(process.execPath, [CLI, 'run', ...args, ...(columns ? [] : ['-o', 'json']), '-v', '--timeout', '20'], { cwd: ROOT, env });
  let stdout = '';
  let stderr = '';
  let caused = false;
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (!caused && /: started$/m.test(stderr)) {
      caused = true;
      cause();
      setTimeout(() => child.kill('SIGINT'), settleMs);
    }
  });
  const code = await new Promise<number | null>((r) => child.on('close', r));
  expect(caused, stderr).toBe(true);
  expect(code, stderr).toBe(0);
  if (columns) return { events: [], stdout, stderr };
  return { events: stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>), stdout, stderr };
}

/** ns since the epoch of an RFC 3339 time with up to nine fraction digits. */
function epochNs(text: string): bigint {
  const m = /^(.*T\d\d:\d\d:\d\d)\.(\d{1,9})Z$/.exec(text);
  if (!m) throw new Error(`not RFC 3339 with a fraction: ${text}`);
  return BigInt(Date.parse(`${m[1]}Z`)) * 1_000_000n + BigInt(m[2]!.padEnd(9, '0'));
}

/** CLOCK_REALTIME - CLOCK_BOOTTIME as clock_gettime(2) gives them. */
function kernelOffsetNs(): bigint {
  const out = execFileSync('python3', ['-c', 'import time\nb=time.clock_gettime_ns(time.CLOCK_BOOTTIME)\nr=time.clock_gettime_ns(time.CLOCK_REALTIME)\nprint(r-b)'], { encoding: 'utf8' });
  return BigInt(out.trim());
}

const ms = (ns: bigint) => Number(ns) / 1e6;

describe.skipIf(skip)('kinds of the real gadgets, through gadgetry run', () => {
  it('trace_exec: the timestamp is the wall-clock time the marker was started, within a few ms', async () => {
    const marker = join(dir, `${tag}ts`);
    symlinkSync('/bin/true', marker);
    let before = 0n;
    let after = 0n;
    const { events } = await traced(['trace_exec', '--filter', `comm:${tag}ts`], () => {
      before = BigInt(Date.now()) * 1_000_000n;
      spawnSync(marker); // returns once the child has exec'd and exited
      after = BigInt(Date.now() + 1) * 1_000_000n;
    });
    expect(events).toHaveLength(1);
    const ev = events[0]!;
    const wall = epochNs(ev.timestamp as string);
    expect(ms(wall - before), `${ev.timestamp} is before the marker was started`).toBeGreaterThan(-3);
    expect(ms(after - wall), `${ev.timestamp} is after the marker exited`).toBeGreaterThan(-3);
    // the readable time is the raw boot time plus CLOCK_REALTIME - CLOCK_BOOTTIME
    const offset = wall - BigInt(ev.timestampRaw as number);
    expect(Math.abs(ms(offset - kernelOffsetNs()))).toBeLessThan(2);
  });

  it('trace_open: ERROR reads ENOENT in columns and json, errorRaw keeps 2, flags and mode read as names; --filter takes either', async () => {
    const missing = join(dir, `${tag}-missing`);
    const written = join(dir, `${tag}-written`);
    const cause = () => {
      spawnSync('cat', [missing]);
      spawnSync('sh', ['-c', `echo x > ${written}`]);
    };
    const all = await traced(['trace_open', '--filter', `fname:~${tag}-`], cause);
    const failed = all.events.find((e) => e.fname === missing);
    const created = all.events.find((e) => e.fname === written);
    expect(failed).toMatchObject({ error: 'ENOENT', errorRaw: 2, fd: -1, flags: 'O_RDONLY', flagsRaw: 0 });
    expect(created).toMatchObject({ error: '', errorRaw: 0, flags: 'O_WRONLY|O_CREAT|O_TRUNC', mode: '0666', modeRaw: 0o666 });
    for (const filter of ['error:ENOENT', 'error:2', 'errorRaw:2', 'error:~^ENO']) {
      const kept = await traced(['trace_open', '--filter', `fname:~${tag}-,${filter}`], cause);
      expect(kept.events.map((e) => e.fname), filter).toEqual([missing]);
    }
  });

  it('trace_open columns: the ERROR column shows the name and nothing is cut', async () => {
    const missing = join(dir, `${tag}-col`);
    const { stdout } = await traced(['trace_open', '--filter', `fname:~${tag}-col`, '--fields', 'timestamp,comm,error,flags,fname'], () => spawnSync('cat', [missing]), 700, true);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TIMESTAMP\s+COMM\s+ERROR\s+FLAGS\s+PATH$/);
    expect(lines[1]).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{6} cat\\s+ENOENT\\s+O_RDONLY\\s+${missing}$`));
  });

  it('snapshot_process: --sort -startTime lists the newest process first, its start a wall-clock time of the last seconds', async () => {
    const r = spawnSync(process.execPath, [CLI, 'run', 'snapshot_process', '--sort', '-startTime', '--max-rows', '5', '-o', 'json', '--fields', 'pid,startTime'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { pid: number; startTime: string; startTimeRaw: number });
    expect(rows).toHaveLength(5);
    const raws = rows.map((x) => x.startTimeRaw);
    expect(raws).toEqual([...raws].sort((a, b) => b - a));
    const newest = epochNs(rows[0]!.startTime);
    expect(ms(BigInt(Date.now()) * 1_000_000n - newest)).toBeLessThan(60_000);
    expect(ms(BigInt(Date.now()) * 1_000_000n - newest)).toBeGreaterThan(-3);
  });

  it('top_file: a byte count reads as a size, raw under wbytesRaw, and --filter takes a size', async () => {
    const file = join(dir, `${tag}-sized`);
    writeFileSync(file, '');
    const writer = `require('fs').writeFileSync(${JSON.stringify(file)}, Buffer.alloc(5000))`;
    const { events } = await traced(['top_file', '--interval', '0.5', '--filter', `file:${tag}-sized,wbytes:>=4KiB`], () => spawnSync(process.execPath, ['-e', writer]), 1500);
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]).toMatchObject({ wbytes: '4.9 KiB', wbytesRaw: 5000, rbytes: '0 B', rbytesRaw: 0 });
    expect(existsSync(file)).toBe(true);
  });
});
