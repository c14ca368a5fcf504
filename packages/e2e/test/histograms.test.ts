// The histogram gadgets through the real CLI: direct I/O to a loop device the
// test attaches shows as bars under that disk's name in the columns output
// and as slots in JSON; --interval prints a histogram every interval.
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import type { HistogramResult } from '@gadgetry/sdk';
import { CLI } from '../../runtime/test/fixtures/tempProject.js';
import { loopDevice, type LoopDevice } from '../../shapes/test/fixtures/loopDevice.js';
import { ROOT } from './fixtures/workspace.js';

const skip = kernelTestGate();
let disk: LoopDevice;
beforeAll(() => {
  if (!skip) disk = loopDevice();
});
afterAll(() => disk?.detach());

/** Runs `gadgetry run <args> -v`; once the gadget is attached runs `work`, then stops the CLI with SIGINT. */
async function gadgetry(args: string[], work: () => Promise<unknown>) {
  const env = { ...process.env };
  delete env.GADGETRY_PATH;
  const child = spawn(process.execPath, [CLI, 'run', ...args, '-v', '--timeout', '20'], { cwd: ROOT, env });
  let stdout = '';
  let stderr = '';
  let worked: Promise<unknown> | undefined;
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (!worked && /: started$/m.test(stderr)) worked = work().finally(() => child.kill('SIGINT'));
  });
  const code = await new Promise<number | null>((r) => child.on('close', r));
  await worked;
  expect(worked, stderr).toBeDefined();
  expect(code, stderr).toBe(0);
  return { stdout, stderr };
}

describe.skipIf(skip)('histogram gadgets, through gadgetry run', () => {
  it('profile_blockio --per-disk prints the loop device\'s histogram as aligned bars, its counts adding up to the requests made', async () => {
    const { stdout } = await gadgetry(['profile_blockio', '--per-disk'], async () => {
      await disk.write(6);
      await disk.read(4);
    });
    const blocks = stdout.trimEnd().split('\n\n');
    const mine = blocks.find((b) => b.startsWith(`disk = ${disk.name}\n`));
    expect(mine, stdout).toBeDefined();
    const [, header, ...rows] = mine!.split('\n');
    expect(header).toMatch(/^ +usecs +: count +distribution$/);
    let total = 0;
    for (const row of rows) {
      const m = /^ *(\d+) -> (\d+) +: (\d+) +\|(\**) *\|$/.exec(row);
      expect(m, row).not.toBeNull();
      total += Number(m![3]);
      expect(row.length).toBe(rows[0]!.length);
      expect(m![4]!.length > 0).toBe(Number(m![3]) > 0);
    }
    expect(total).toBe(10);
    expect(rows.some((r) => r.includes('|****************************************|'))).toBe(true);
  });

  it('profile_blockio -o json --interval: one line per interval, every request of the loop device in exactly one', async () => {
    const { stdout, stderr } = await gadgetry(['profile_blockio', '--per-disk', '--interval', '0.2', '-o', 'json'], async () => {
      await disk.write(3);
      await new Promise((r) => setTimeout(r, 450));
      await disk.read(2);
      await new Promise((r) => setTimeout(r, 300));
    });
    const results = stdout.trim().split('\n').map((l) => JSON.parse(l) as HistogramResult);
    expect(results.length).toBeGreaterThanOrEqual(3);
    for (const r of results) expect(r).toMatchObject({ type: 'histogram', unit: 'usecs', keyName: 'disk' });
    const totals = results.map((r) => r.histograms.find((h) => h.key === disk.name)?.total ?? 0);
    expect(totals.reduce((a, b) => a + b, 0), `per interval: ${totals.join(',')}\n${stderr}`).toBe(5);
  });

  it('top_blockio shows the dd that wrote to the loop device, with its writes and bytes', async () => {
    let pid = 0;
    const { stdout } = await gadgetry(['top_blockio', '--interval', '0.2', '-o', 'json', '--filter', `disk:${disk.name}`], async () => {
      pid = await disk.write(4);
      await new Promise((r) => setTimeout(r, 500));
    });
    const rows = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const mine = rows.filter((r) => r.pid === pid);
    expect(mine.reduce((n, r) => n + (r.writes as number), 0)).toBe(4);
    expect(mine.reduce((n, r) => n + (r.wbytesRaw as number), 0)).toBe(16384);
    expect(mine[0]).toMatchObject({ comm: 'dd', disk: disk.name });
    expect(mine[0]!.avgLatency).toMatch(/^\d+(\.\d+)?(ns|µs|ms|s)$/);
  });

  it('describe says a profile reports a result, not events', () => {
    const r = spawnSync(process.execPath, [CLI, 'describe', 'profile_blockio'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Category: profile +Type: profile$/m);
    expect(r.stdout).toMatch(/^ +--per-disk +boolean +One histogram per disk \(default false\)$/m);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('Event fields: none; the gadget reports its result at the end of the run');
  });

  it('a profile gadget has no events to filter: --filter is refused in one line, exit 2', () => {
    const r = spawnSync(process.execPath, [CLI, 'run', 'profile_runqlat', '--filter', 'pid:1', '--timeout', '1'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error: unknown param --filter for gadget "profile_runqlat"; known params: --per-process, --milliseconds, --interval [PARAM_INVALID]\n');
    expect(r.stdout).toBe('');
  });

  it('profile_runqlat prints one histogram of every run-queue wait', async () => {
    const { stdout } = await gadgetry(['profile_runqlat'], () => new Promise((r) => setTimeout(r, 300)));
    const [header, ...rows] = stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ +usecs +: count +distribution$/);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => /^ *\d+ -> \d+ +: \d+ +\|\** *\|$/.test(r))).toBe(true);
  });
});
