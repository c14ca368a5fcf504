// --stats on one gadget of each shape, through the real CLI: ring buffer
// (trace_open), perf_event sampling (profile_cpu), interval table (top_file),
// iterator snapshot (snapshot_process), histogram (profile_runqlat), uprobe
// (trace_malloc), packet socket (trace_dns) and a gadget of its own making
// (advise_seccomp). Each prints the cost table on stderr, and with -o json
// the {"stats"} record, with the non-zero numbers its workload guarantees.
import { execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { CLI } from '../../runtime/test/fixtures/tempProject.js';
import { ROOT } from './fixtures/workspace.js';

const skip = kernelTestGate();
const dir = mkdtempSync(join(tmpdir(), 'gadgetry-stats-shapes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Work that makes each gadget's programs run. */
const WORK: Record<string, { args: string[]; work?: () => Promise<void> | void }> = {
  trace_open: {
    args: [],
    work: () => {
      const f = join(dir, 'open.txt');
      writeFileSync(f, 'x');
      for (let i = 0; i < 200; i++) closeSync(openSync(f, 'r'));
    },
  },
  profile_cpu: {
    args: ['--frequency', '199'],
    work: () => {
      const end = Date.now() + 400;
      while (Date.now() < end); // burn this CPU: samples come
    },
  },
  top_file: {
    args: ['--interval', '1'],
    work: async () => {
      const f = join(dir, 'top.txt');
      for (let i = 0; i < 100; i++) {
        writeFileSync(f, `line ${i}\n`);
        readFileSync(f);
      }
      await sleep(1200); // one interval
    },
  },
  snapshot_process: { args: [] },
  profile_runqlat: {
    args: [],
    work: async () => {
      for (let i = 0; i < 20; i++) await sleep(5); // wakeups and switches
    },
  },
  trace_malloc: {
    args: [],
    work: () => {
      for (let i = 0; i < 3; i++) execFileSync('ls', ['/']);
    },
  },
  trace_dns: {
    args: [],
    work: async () => {
      const s = createSocket('udp4');
      for (let i = 0; i < 5; i++) await new Promise((r) => s.send(Buffer.alloc(32), 53, '127.0.0.1', r));
      s.close();
    },
  },
  advise_seccomp: { args: ['--pid', String(process.pid)], work: () => void readFileSync('/proc/self/stat') },
};

interface Program {
  name: string;
  runCount: number | null;
  runTimeNs: number | null;
}

/**
 * `gadgetry run <args> -v`: with `work`, runs it once the gadget has started
 * and stops the run with SIGINT `settleMs` later; without, waits for the end.
 */
async function gadgetry(args: string[], work: (() => Promise<void> | void) | undefined, settleMs = 600) {
  const env = { ...process.env };
  delete env.GADGETRY_PATH;
  const child = spawn(process.execPath, [CLI, 'run', ...args, '-v'], { cwd: ROOT, env });
  let stdout = '';
  let stderr = '';
  let worked = false;
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (work && !worked && /: started$/m.test(stderr)) {
      worked = true;
      void Promise.resolve(work()).finally(() => setTimeout(() => child.kill('SIGINT'), settleMs));
    }
  });
  const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await new Promise<number | null>((r) => child.on('close', r));
  clearTimeout(guard);
  return { code, stdout, stderr };
}

/** The rows of the table's PROGRAM section: [name, type, id, runs, run time, ns/run, missed]. */
function programRows(stderr: string, gadget: string): string[][] {
  const table = stderr.slice(stderr.indexOf(`${gadget}: cost over`));
  const lines = table.split('\n');
  const from = lines.findIndex((l) => l.startsWith('PROGRAM '));
  const to = lines.findIndex((l) => l.startsWith('MAP '));
  expect(from).toBeGreaterThan(0);
  expect(to).toBeGreaterThan(from);
  return lines.slice(from + 1, to).map((l) => l.trim().split(/\s{2,}/));
}

describe.skipIf(skip)('--stats on every gadget shape', () => {
  it.each(Object.keys(WORK))('%s: the cost table on stderr and the {"stats"} record with -o json', async (gadget) => {
    const { args, work } = WORK[gadget]!;
    const timeout = work ? [] : ['--timeout', '5'];
    const columns = await gadgetry([gadget, ...args, '--stats', ...timeout], work);
    expect(columns.code, columns.stderr).toBe(0);
    const rows = programRows(columns.stderr, gadget);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toHaveLength(7);
    expect(rows.some((r) => Number(r[3]) > 0)).toBe(true);
    expect(columns.stderr).toMatch(/^MAP +TYPE +ID +ENTRIES +MEMORY$/m);
    expect(columns.stderr).toMatch(/^total: BPF time [\d.]+ (ns|us|ms|s)[ ,].*map memory [\d.]+ (B|KiB|MiB), runtime CPU [\d.]+ (ns|us|ms|s).*, RSS [\d.]+ MiB \(peak [\d.]+ MiB\), \d+ events/m);

    const json = await gadgetry([gadget, ...args, '--stats', '-o', 'json', ...timeout], work);
    expect(json.code, json.stderr).toBe(0);
    const line = json.stdout.trim().split('\n').at(-1)!;
    const { stats } = JSON.parse(line) as { stats: { gadget: string; ended: string; cost: Record<string, unknown> & { programs: Program[]; maps: { bytes: number }[] } } };
    expect(stats.gadget).toBe(gadget);
    expect(stats.ended).not.toBe('running');
    const cost = stats.cost;
    expect(cost.runTime).toBe('counted');
    expect(cost.programs.length).toBeGreaterThan(0);
    const ran = cost.programs.filter((p) => (p.runCount ?? 0) > 0);
    expect(ran.length).toBeGreaterThan(0);
    for (const p of ran) expect(p.runTimeNs).toBeGreaterThan(0);
    expect(cost.bpfTimeNs).toBeGreaterThan(0);
    expect(cost.maps.length).toBeGreaterThan(0);
    for (const m of cost.maps) expect(m.bytes).toBeGreaterThan(0);
    expect(cost.mapBytes).toBeGreaterThan(0);
    expect(cost.cpuMs).toBeGreaterThan(0);
    expect(cost.rssBytes).toBeGreaterThan(0);
    expect(cost.peakRssBytes).toBeGreaterThan(0);
  });
});
