// profile_cpu against the running kernel: compiled C programs spin in known
// functions, and the profile names them, from their ELF symbols and kallsyms.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { runGadget } from '@gadgetry/runtime';
import { isStackProfile, type StackProfile } from '@gadgetry/sdk';
import profileCpu from './index.js';
import { SPIN_SOURCE, SYSCALLS_SOURCE, spinningPrograms } from '../../../packages/shapes/test/fixtures/spinningPrograms.js';

const skip = kernelTestGate();
const programs = spinningPrograms('profile-cpu-');
afterAll(() => programs.remove());
afterEach(() => programs.killRunning());
const { children } = programs;
const start = (binary: string) => programs.start(binary);

async function profile(params: Record<string, unknown>, ms: number): Promise<StackProfile> {
  const result = await runGadget(profileCpu, { params, timeoutMs: ms }).done;
  expect(result.error).toBeUndefined();
  expect(isStackProfile(result.result)).toBe(true);
  return result.result as StackProfile;
}

const names = (p: StackProfile, i = 0) => p.stacks[i]!.frames.map((f) => f.name);

describe.skipIf(skip)('profile_cpu', () => {
  let spin: string;
  let syscalls: string;
  beforeAll(() => {
    spin = programs.build('spin', SPIN_SOURCE);
    syscalls = programs.build('syscalls', SYSCALLS_SOURCE);
  });

  it('the top stack of a process spinning in burn_cpu names burn_cpu, called from main, from its ELF symbols', async () => {
    const pid = await start(spin);
    const p = await profile({ pid: String(pid), frequency: '99' }, 2500);
    expect(p.total).toBeGreaterThan(20);
    expect(p.stacks.every((s) => s.pid === pid)).toBe(true); // --pid is applied in the kernel
    const top = p.stacks[0]!;
    expect(top.comm).toBe('spin');
    const frames = names(p);
    // root first: main calls burn_cpu, which is the leaf
    expect(frames.at(-1)).toBe('burn_cpu');
    expect(frames.indexOf('main')).toBe(frames.length - 2);
    expect(top.frames.at(-1)!.module).toBe('spin');
    expect(top.count / p.total).toBeGreaterThan(0.5);
  });

  it('kernel frames of a syscall loop are named from /proc/kallsyms, above the user frames', async () => {
    const pid = await start(syscalls);
    const p = await profile({ pid: String(pid) }, 2500);
    const kallsyms = new Set(
      readFileSync('/proc/kallsyms', 'latin1')
        .split('\n')
        .map((l) => l.split(/\s+/)[2]),
    );
    const withKernel = p.stacks.filter((s) => s.frames.some((f) => f.kernel));
    expect(withKernel.length).toBeGreaterThan(0);
    const kernelFrames = withKernel.flatMap((s) => s.frames.filter((f) => f.kernel));
    expect(kernelFrames.some((f) => /getppid/.test(f.name))).toBe(true);
    for (const f of kernelFrames) expect(f.name === '[unknown]' || kallsyms.has(f.name), f.name).toBe(true);
    // the kernel part sits on top of the user part: no user frame after the first kernel frame
    for (const s of withKernel) {
      const firstKernel = s.frames.findIndex((f) => f.kernel);
      expect(s.frames.slice(firstKernel).every((f) => f.kernel)).toBe(true);
    }
  });

  it('a process that exits before the end is still named: its maps and files were read while it ran', async () => {
    const pid = await start(spin);
    const run = runGadget(profileCpu, { params: { pid: String(pid), frequency: '199' }, timeoutMs: 3000 });
    // past the first once-a-second read of the processes seen
    setTimeout(() => children[0]?.kill('SIGKILL'), 1800);
    const result = await run.done;
    expect(result.error).toBeUndefined();
    const p = result.result as StackProfile;
    expect(children[0]!.exitCode !== null || children[0]!.signalCode !== null).toBe(true);
    expect(p.total).toBeGreaterThan(0);
    expect(names(p).at(-1)).toBe('burn_cpu');
    expect(p.unattributed.exitedProcessFrames).toBe(0);
  });
});
