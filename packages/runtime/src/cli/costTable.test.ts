import { describe, expect, it } from 'vitest';
import { noLostEvents } from '../lifecycle/lostEvents.js';
import { runStats, type RunStats } from '../lifecycle/RunStats.js';
import type { RunCost } from '../lifecycle/runCost.js';
import { costJson, costTable, formatBytes, formatNs } from './costTable.js';

const base: RunCost = {
  runTime: 'counted',
  programs: [
    { name: 'on_openat', id: 101, type: 'tracepoint', runCount: 4000n, runTimeNs: 2_000_000n, nsPerRun: 500, recursionMisses: 0n },
    { name: 'on_openat_exit', id: 102, type: 'tracepoint', runCount: 0n, runTimeNs: 0n, nsPerRun: null, recursionMisses: 3n },
  ],
  maps: [{ name: 'events', id: 201, type: 'ringbuf', maxEntries: 262144, bytes: 266_240 }],
  bpfTimeNs: 2_000_000n,
  bpfNsPerEvent: 500,
  mapBytes: 266_240,
  cpuMs: 120,
  cpuUserMs: 100,
  cpuSystemMs: 20,
  cpuUsPerEvent: 30,
  rssBytes: 80 * 1024 * 1024,
  peakRssBytes: 90 * 1024 * 1024,
};
const statsWith = (cost: RunCost, ended: RunStats['ended'] = 'timeout'): RunStats => runStats('trace_open', ended, 4000, noLostEvents(), { notObject: 0, mismatched: 0 }, 2000, cost);

describe('the --stats table', () => {
  it('aligns programs and maps and ends with one line of totals', () => {
    expect(costTable(statsWith(base))).toBe(
      [
        'trace_open: cost over 2.0 s',
        'PROGRAM         TYPE         ID  RUNS  RUN TIME  NS/RUN  MISSED',
        'on_openat       tracepoint  101  4000    2.0 ms   500.0       0',
        'on_openat_exit  tracepoint  102     0      0 ns     n/a       3',
        'MAP     TYPE      ID  ENTRIES     MEMORY',
        'events  ringbuf  201   262144  260.0 KiB',
        'total: BPF time 2.0 ms (500 ns/event), map memory 260.0 KiB, runtime CPU 120.0 ms (30.0 us/event), RSS 80.0 MiB (peak 90.0 MiB), 4000 events (2000/s), 0 lost in the kernel',
        '',
      ].join('\n'),
    );
  });

  it('a kernel that refused to count (BPF_ENABLE_STATS): runs and run time read n/a, never 0', () => {
    const refused: RunCost = {
      ...base,
      runTime: 'unavailable',
      runTimeRefusal: 'the kernel refused to count BPF run time (BPF_ENABLE_STATS): Operation not permitted (errno 1)',
      programs: base.programs.map((p) => ({ ...p, runCount: null, runTimeNs: null, nsPerRun: null })),
      bpfTimeNs: null,
      bpfNsPerEvent: null,
    };
    const text = costTable(statsWith(refused, 'running'));
    expect(text).toMatch(/^trace_open: cost after 2\.0 s \(running\)$/m);
    expect(text).toMatch(/^on_openat +tracepoint +101 +n\/a +n\/a +n\/a +0$/m);
    expect(text).toMatch(/^total: BPF time unavailable, map memory 260\.0 KiB, /m);
    expect(text).not.toMatch(/ 0 ns/);
    const { stats } = JSON.parse(costJson(statsWith(refused))) as { stats: RunStats };
    expect(stats.cost).toMatchObject({ runTime: 'unavailable', bpfTimeNs: null, runTimeRefusal: refused.runTimeRefusal });
    expect(stats.cost!.programs[0]).toMatchObject({ runCount: null, runTimeNs: null });
  });

  it('a gadget that reports no BPF objects says so', () => {
    const none: RunCost = { ...base, runTime: 'not reported', programs: [], maps: [], bpfTimeNs: null, bpfNsPerEvent: null, mapBytes: 0 };
    const text = costTable(statsWith(none));
    expect(text).toContain('the gadget reports no BPF objects\n');
    expect(text).toMatch(/^total: BPF time not reported, map memory 0 B, /m);
    expect(text).not.toContain('PROGRAM');
  });

  it('escapes names that carry control characters', () => {
    const nasty: RunCost = { ...base, programs: [{ ...base.programs[0]!, name: 'evil\u001b[2Jname' }] };
    expect(costTable(statsWith(nasty))).not.toContain('\u001b');
  });

  it('writes u64 counts in JSON with every digit', () => {
    const big: RunCost = { ...base, programs: [{ ...base.programs[0]!, runCount: 18446744073709551615n }] };
    expect(costJson(statsWith(big))).toContain('"runCount":18446744073709551615');
  });

  it('picks units that read well', () => {
    expect([formatNs(812), formatNs(3400), formatNs(12_500_000), formatNs(1_200_000_000)]).toEqual(['812 ns', '3.4 us', '12.5 ms', '1.20 s']);
    expect([formatBytes(336), formatBytes(83_968), formatBytes(8 * 1024 * 1024)]).toEqual(['336 B', '82.0 KiB', '8.0 MiB']);
  });
});
