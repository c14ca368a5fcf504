// The symbolizer against real processes: a compiled program that prints where
// burn_cpu is, read through its /proc maps, and the running kernel's kallsyms.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { StackSymbolizer, UNKNOWN, parseKallsyms } from '../src/index.js';
import { SPINNER, cPrograms } from './cProgram.js';

const programs = cPrograms('gadgetry-symbolizer');
afterAll(() => programs.remove());
const binary = programs.build('spinner', SPINNER);
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** Starts the spinner; resolves with its pid and the address of burn_cpu it printed. */
async function spinner(): Promise<{ child: ChildProcess; pid: number; burn: bigint }> {
  const child = spawn(binary, [], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const line = await new Promise<string>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(d.toString())));
  return { child, pid: child.pid!, burn: BigInt(line.trim()) };
}

describe('StackSymbolizer', () => {
  it('names a function of a running process from the ELF file it maps', async () => {
    const { pid, burn } = await spinner();
    const s = new StackSymbolizer();
    const frames = s.user(pid, [burn + 3n, 8n]);
    expect(frames[0]).toEqual({ name: 'burn_cpu', module: 'spinner' });
    // an address no mapping holds: [unknown], counted, not dropped
    expect(frames[1]).toEqual({ name: UNKNOWN });
    expect(s.counts).toMatchObject({ frames: 2, unknown: 1, exited: 0 });
  });

  it('gives module-less [unknown] frames, counted, for a process that exited before symbolization', async () => {
    const { child, pid, burn } = await spinner();
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const s = new StackSymbolizer();
    expect(s.user(pid, [burn, burn + 1n])).toEqual([{ name: UNKNOWN }, { name: UNKNOWN }]);
    expect(s.counts).toMatchObject({ frames: 2, unknown: 2, exited: 2 });
  });

  it('names the frames of a process that exited after remember() read its maps and files', async () => {
    const { child, pid, burn } = await spinner();
    const s = new StackSymbolizer();
    s.remember(pid);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(s.user(pid, [burn + 1n])).toEqual([{ name: 'burn_cpu', module: 'spinner' }]);
    expect(s.counts).toMatchObject({ frames: 1, unknown: 0, exited: 0 });
  });

  it('names kernel addresses from /proc/kallsyms', () => {
    const text = readFileSync('/proc/kallsyms', 'latin1');
    const line = text.split('\n').find((l) => / [tT] vfs_read$/.test(l))!;
    expect(line, 'kallsyms lists vfs_read').toBeDefined();
    const at = BigInt(`0x${line.split(' ')[0]}`);
    expect(at, 'kallsyms shows addresses to root').not.toBe(0n);
    const s = new StackSymbolizer();
    expect(s.kernel([at + 16n])).toEqual([{ name: 'vfs_read', kernel: true }]);
    expect(s.kernelReadable).toBe(true);
  });

  it('reads kallsyms text: text symbols only, module suffix dropped, hidden addresses noticed', () => {
    const k = parseKallsyms('ffffffff81000000 T _text\nffffffff81000100 t helper\t[mod]\nffffffff81000200 D data_sym\nnonsense line\n');
    expect(k.table.lookup(0xffffffff81000150n)).toEqual({ name: 'helper', offset: 0x50n });
    expect(k.table.lookup(0xffffffff81000250n)?.name).toBe('helper');
    expect(k.readable).toBe(true);
    expect(parseKallsyms('0000000000000000 T _text\n0000000000000000 T vfs_read\n').readable).toBe(false);
  });

  it('a malformed ELF file mapped by a process gives [unknown] (file) frames, counted, and no throw', () => {
    const proc = join(programs.dir, 'proc');
    mkdirSync(join(proc, '4242', 'map_files'), { recursive: true });
    writeFileSync(join(proc, '4242', 'maps'), '00001000-00002000 r-xp 00000000 08:01 77 /opt/app/libbroken.so\n');
    const broken = Buffer.from(readFileSync(binary));
    broken.writeBigUInt64LE(0xffffffffffffn, 32); // program headers far past the end
    writeFileSync(join(proc, '4242', 'map_files', '1000-2000'), broken);
    const s = new StackSymbolizer({ procRoot: proc });
    expect(s.user(4242, [0x1010n])).toEqual([{ name: UNKNOWN, module: 'libbroken.so' }]);
    expect(s.counts).toMatchObject({ frames: 1, unknown: 1, exited: 0, unreadableFiles: 1 });
  });
});
