import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Collection, kernelTestGate, prepareKernel } from '../src/index.js';
import { FIXTURE_BUILD } from './buildFixtures.js';
import { ownFds } from './ownKernelObjects.js';

const skip = kernelTestGate();
const PROBE = join(FIXTURE_BUILD, 'probe.bpf.o');

/** getppid() once per read of process.ppid: the trigger of on_getppid. */
function triggerGetppid(times: number): void {
  for (let i = 0; i < times; i++) void process.ppid;
}

/** bpftool's view of one object of ours, by id. */
function bpftool(kind: 'prog' | 'map', id: number): Record<string, unknown> {
  return JSON.parse(execFileSync('bpftool', [kind, 'show', 'id', String(id), '-j'], { encoding: 'utf8' })) as Record<string, unknown>;
}

/** Our fds that keep BPF run-time counting on. */
const statsFds = () => ownFds().filter((f) => f.target === 'anon_inode:bpf-stats').length;

const open: Collection[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

describe.skipIf(skip)('Collection.cost() against the running kernel', () => {
  beforeAll(() => prepareKernel());

  it('counts each program run and its run time as bpftool does, and each map memory as bytes_memlock', () => {
    const before = statsFds();
    const c = Collection.load(PROBE, { globals: { target_tgid: process.pid }, runTimeStats: true });
    open.push(c);
    expect(statsFds()).toBe(before + 1);
    c.attach('on_getppid');
    triggerGetppid(500);
    const cost = c.cost();
    expect(cost.runTime).toBe('counted');
    const prog = cost.programs.find((p) => p.name === 'on_getppid')!;
    expect(prog.runCount).toBeGreaterThanOrEqual(500n);
    expect(prog.runTimeNs).toBeGreaterThan(0n);
    const seen = bpftool('prog', prog.id);
    // the kernel's later reading: at least what we read (other processes' getppid calls run it too)
    expect(BigInt(seen.run_cnt as number)).toBeGreaterThanOrEqual(prog.runCount!);
    expect(BigInt(seen.run_time_ns as number)).toBeGreaterThanOrEqual(prog.runTimeNs!);
    expect(prog.bytes).toBe(seen.bytes_memlock);
    const counts = cost.maps.find((m) => m.name === 'counts')!;
    expect(counts).toMatchObject({ maxEntries: 64, keySize: 4, valueSize: 8, internal: false });
    const map = bpftool('map', counts.id);
    expect(counts.bytes).toBe(map.bytes_memlock);
    expect(counts.bytes).toBeGreaterThan(0);
    expect(cost.maps.find((m) => m.name.endsWith('.rodata'))?.internal).toBe(true);
    c.close();
    // counting stops with the collection
    expect(statsFds()).toBe(before);
    expect(() => c.cost()).toThrow(expect.objectContaining({ code: 'BPF_OBJECT_CLOSED' }));
  });

  it('without runTimeStats reports memory, and run counts and run time as unavailable rather than 0', () => {
    const c = Collection.load(PROBE, { globals: { target_tgid: process.pid } });
    open.push(c);
    c.attach('on_getppid');
    triggerGetppid(50);
    const cost = c.cost();
    const prog = cost.programs.find((p) => p.name === 'on_getppid')!;
    expect(prog.bytes).toBeGreaterThan(0);
    // the host may count for everyone (sysctl kernel.bpf_stats_enabled=1): then it is counted
    if (cost.runTime === 'unavailable') {
      expect(prog.runCount).toBeNull();
      expect(prog.runTimeNs).toBeNull();
    } else expect(prog.runCount).toBeGreaterThanOrEqual(50n);
  });
});
