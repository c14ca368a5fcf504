// gadgetry run --stats through the real CLI and the running kernel: the run's
// own numbers for its BPF programs and maps must be the kernel's (bpftool's
// view of the same ids), for every gadget shape, at the end and every
// --stats-interval.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { CLI } from '../../runtime/test/fixtures/tempProject.js';
import { ROOT } from './fixtures/workspace.js';

const skip = kernelTestGate();
const dir = mkdtempSync(join(tmpdir(), 'gadgetry-run-stats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ProgramRecord {
  name: string;
  id: number;
  type: string;
  runCount: number | null;
  runTimeNs: number | null;
  nsPerRun: number | null;
}
interface MapRecord {
  name: string;
  id: number;
  type: string;
  maxEntries: number;
  bytes: number | null;
}
interface StatsRecord {
  gadget: string;
  ended: string;
  events: number;
  durationMs: number;
  cost: {
    runTime: string;
    programs: ProgramRecord[];
    maps: MapRecord[];
    bpfTimeNs: number | null;
    mapBytes: number;
    cpuMs: number;
    rssBytes: number;
    peakRssBytes: number;
  };
}

/** A live `gadgetry run <args> -o json` (run through `prefix`, a command and its arguments): its {"stats"} records as they come. */
function liveRun(args: string[], prefix: string[] = []) {
  const env = { ...process.env };
  delete env.GADGETRY_PATH;
  const command = [...prefix, process.execPath, CLI, 'run', ...args, '-o', 'json'];
  const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, env });
  const records: StatsRecord[] = [];
  let waiting: (() => void) | undefined;
  let partial = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) if (line.startsWith('{"stats"')) records.push((JSON.parse(line) as { stats: StatsRecord }).stats);
    waiting?.();
  });
  const code = new Promise<number | null>((r) => child.on('close', r));
  /** Waits (at most 10 s) for the record number `n` (from 1). */
  const record = async (n: number): Promise<StatsRecord> => {
    const end = Date.now() + 10_000;
    while (records.length < n && Date.now() < end) await new Promise<void>((r) => ((waiting = r), setTimeout(r, 100)));
    if (records.length < n) throw new Error(`no stats record ${n} within 10 s; stderr: ${stderr}`);
    return records[n - 1]!;
  };
  return { child, records, record, code, stderr: () => stderr };
}

const bpftool = (kind: 'prog' | 'map', id: number) =>
  JSON.parse(execFileSync('bpftool', [kind, 'show', 'id', String(id), '-j'], { encoding: 'utf8' })) as Record<string, number>;

describe.skipIf(skip)('gadgetry run --stats', () => {
  it('trace_open: run counts and run time are bpftool\'s for the same program ids, map memory is its bytes_memlock', async () => {
    const file = join(dir, 'opened.txt');
    writeFileSync(file, 'x');
    const run = liveRun(['trace_open', '--stats-interval', '0.3', '--timeout', '8']);
    const first = await run.record(1);
    const opens = 2000;
    for (let i = 0; i < opens; i++) closeSync(openSync(file, 'r'));
    // a record read after the loop, then the kernel's own view, later, while the run is alive
    const after = await run.record(run.records.length + 1);
    const openat = after.cost.programs.find((p) => p.name === 'on_openat')!;
    expect(openat.runCount).toBeGreaterThanOrEqual(opens);
    expect(openat.runCount).toBeGreaterThan(first.cost.programs.find((p) => p.name === 'on_openat')!.runCount!);
    for (const p of after.cost.programs) {
      const seen = bpftool('prog', p.id);
      expect(seen.run_cnt ?? 0).toBeGreaterThanOrEqual(p.runCount!);
      expect(seen.run_time_ns ?? 0).toBeGreaterThanOrEqual(p.runTimeNs!);
    }
    expect(openat.runTimeNs).toBeGreaterThan(0);
    for (const m of after.cost.maps) expect(m.bytes).toBe(bpftool('map', m.id).bytes_memlock);
    expect(after.cost.mapBytes).toBe(after.cost.maps.reduce((n, m) => n + m.bytes!, 0));
    run.child.kill('SIGINT');
    expect(await run.code).toBe(0);
    const last = run.records.at(-1)!;
    expect(last.ended).toBe('stopped');
    expect(last.cost.programs.find((p) => p.name === 'on_openat')!.runCount).toBeGreaterThanOrEqual(openat.runCount!);
  });

  it('--stats-interval 0.5 with --timeout 2 sends several records with growing run counts, then the final one', async () => {
    const run = liveRun(['trace_open', '--stats-interval', '0.5', '--timeout', '2']);
    expect(await run.code).toBe(0);
    const interim = run.records.filter((r) => r.ended === 'running');
    expect(interim.length).toBeGreaterThanOrEqual(2);
    expect(run.records.at(-1)!.ended).toBe('timeout');
    const runs = run.records.map((r) => r.cost.programs.reduce((n, p) => n + p.runCount!, 0));
    for (let i = 1; i < runs.length; i++) expect(runs[i]).toBeGreaterThanOrEqual(runs[i - 1]!);
    expect(runs.at(-1)).toBeGreaterThan(runs[0]!);
    const durations = run.records.map((r) => r.durationMs);
    for (let i = 1; i < durations.length; i++) expect(durations[i]).toBeGreaterThan(durations[i - 1]!);
  });

  it('a kernel that refuses BPF_ENABLE_STATS (no CAP_SYS_ADMIN): said once, runs and run time null rather than 0, map memory still there', async () => {
    // root without CAP_SYS_ADMIN still loads and attaches tracepoints (CAP_BPF, CAP_PERFMON), but may not turn stats on
    const noSysAdmin = ['setpriv', '--inh-caps=-sys_admin', '--bounding-set=-sys_admin'];
    const run = liveRun(['trace_open', '--stats-interval', '0.4', '--timeout', '1.5'], noSysAdmin);
    expect(await run.code, run.stderr()).toBe(0);
    const warnings = run.stderr().split('\n').filter((l) => l.includes('BPF run counts and run time are unavailable'));
    expect(warnings).toEqual([
      'warn: --stats: BPF run counts and run time are unavailable: the kernel refused to count BPF run time (BPF_ENABLE_STATS): Operation not permitted (errno 1)',
    ]);
    expect(run.records.length).toBeGreaterThanOrEqual(2);
    for (const r of run.records) {
      expect(r.cost.runTime).toBe('unavailable');
      expect(r.cost.bpfTimeNs).toBeNull();
      expect(r.cost.programs.length).toBeGreaterThan(0);
      for (const p of r.cost.programs) expect(p).toMatchObject({ runCount: null, runTimeNs: null, nsPerRun: null });
      for (const m of r.cost.maps) expect(m.bytes).toBeGreaterThan(0);
    }
  });
});
