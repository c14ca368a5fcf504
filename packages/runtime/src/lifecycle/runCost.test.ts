// The run's cost as data (RunOptions.stats): what the gadget's kernelCost()
// reports, read while its objects are loaded, plus the process's own CPU and
// memory. These gadgets are plain JavaScript reporting fixed numbers; the
// same against the kernel is in packages/e2e/test/runStats*.test.ts.
import { describe, expect, it } from 'vitest';
import { Type, defineGadget, type KernelCost } from '@gadgetry/sdk';
import { runGadget } from './runGadget.js';
import type { RunStats } from './RunStats.js';

/** A trace gadget whose "objects" cost `cost(n)` on the n-th reading; loaded from start() to close(). */
function costlyGadget(cost: (reading: number) => KernelCost, steps: string[] = []) {
  return defineGadget({
    name: 'costly',
    description: 'reports a cost',
    category: 'trace',
    type: 'trace',
    params: Type.Object({}),
    event: Type.Object({ n: Type.Integer() }),
    instantiate() {
      let loaded = false;
      let readings = 0;
      let stats: boolean | undefined;
      return {
        init(ctx) {
          stats = ctx.stats;
          steps.push(`stats=${String(stats)}`);
        },
        start() {
          loaded = true;
        },
        close() {
          loaded = false;
          steps.push('close');
        },
        kernelCost() {
          steps.push('kernelCost');
          return loaded ? cost(++readings) : undefined;
        },
      };
    },
  });
}

const counted = (n: number): KernelCost => ({
  runTime: 'counted',
  programs: [{ name: 'p', id: 7, type: 'tracepoint', runCount: BigInt(n * 10), runTimeNs: BigInt(n * 5000), recursionMisses: 0n, bytes: 4096 }],
  maps: [{ name: 'm', id: 8, type: 'hash', maxEntries: 64, keySize: 4, valueSize: 8, bytes: 8192, internal: false }],
});

describe('RunStats.cost', () => {
  it('reads the gadget\'s kernel cost before close() and adds the process\'s CPU and memory', async () => {
    const steps: string[] = [];
    const result = await runGadget(costlyGadget(counted, steps), { stats: true, timeoutMs: 50 }).done;
    expect(steps).toEqual(['stats=true', 'kernelCost', 'close']);
    const cost = result.stats.cost!;
    expect(cost.runTime).toBe('counted');
    expect(cost.programs).toEqual([{ name: 'p', id: 7, type: 'tracepoint', runCount: 10n, runTimeNs: 5000n, nsPerRun: 500, recursionMisses: 0n }]);
    expect(cost.maps).toEqual([{ name: 'm', id: 8, type: 'hash', maxEntries: 64, bytes: 8192 }]);
    expect(cost.bpfTimeNs).toBe(5000n);
    expect(cost.bpfNsPerEvent).toBeNull(); // no event
    expect(cost.mapBytes).toBe(8192);
    expect(cost.cpuMs).toBeGreaterThan(0);
    expect(cost.rssBytes).toBeGreaterThan(0);
    expect(cost.peakRssBytes).toBeGreaterThanOrEqual(cost.rssBytes / 2);
  });

  it('is left out without the stats option, and the gadget is not asked', async () => {
    const steps: string[] = [];
    const result = await runGadget(costlyGadget(counted, steps), { timeoutMs: 20 }).done;
    expect(result.stats.cost).toBeUndefined();
    expect(steps).toEqual(['stats=false', 'close']);
  });

  it('statsIntervalMs emits `running` stats with the growing numbers, then the final ones', async () => {
    const run = runGadget(costlyGadget(counted), { statsIntervalMs: 40, timeoutMs: 230 });
    const seen: RunStats[] = [];
    run.on('stats', (s) => seen.push(s));
    await run.done;
    const running = seen.filter((s) => s.ended === 'running');
    expect(running.length).toBeGreaterThanOrEqual(2);
    expect(seen.at(-1)!.ended).toBe('timeout');
    const runs = seen.map((s) => s.cost!.programs[0]!.runCount!);
    for (let i = 1; i < runs.length; i++) expect(runs[i]!).toBeGreaterThan(runs[i - 1]!);
  });

  it('a refused count stays unavailable (null), with one warning however many readings', async () => {
    const refused = (n: number): KernelCost => ({
      ...counted(n),
      runTime: 'unavailable',
      refusal: 'the kernel refused to count BPF run time (BPF_ENABLE_STATS): Operation not permitted (errno 1)',
      programs: counted(n).programs.map((p) => ({ ...p, runCount: null, runTimeNs: null })),
    });
    const run = runGadget(costlyGadget(refused), { statsIntervalMs: 30, timeoutMs: 150 });
    const warnings: string[] = [];
    run.on('log', (level, m) => level === 'warn' && warnings.push(m));
    const result = await run.done;
    expect(warnings).toEqual(['--stats: BPF run counts and run time are unavailable: the kernel refused to count BPF run time (BPF_ENABLE_STATS): Operation not permitted (errno 1)']);
    const cost = result.stats.cost!;
    expect(cost).toMatchObject({ runTime: 'unavailable', bpfTimeNs: null, bpfNsPerEvent: null, mapBytes: 8192 });
    expect(cost.programs[0]).toMatchObject({ runCount: null, runTimeNs: null, nsPerRun: null });
  });

  it('a kernelCost() that throws is warned about once; the run goes on and its kernel part is `not reported`', async () => {
    const run = runGadget(
      costlyGadget(() => {
        throw new Error('map gone');
      }),
      { statsIntervalMs: 30, timeoutMs: 120 },
    );
    const warnings: string[] = [];
    run.on('log', (level, m) => level === 'warn' && warnings.push(m));
    const result = await run.done;
    expect(result.error).toBeUndefined();
    expect(warnings).toEqual(['costly: cannot read what its BPF objects cost: map gone']);
    expect(result.stats.cost).toMatchObject({ runTime: 'not reported', programs: [], maps: [], bpfTimeNs: null });
  });
});
