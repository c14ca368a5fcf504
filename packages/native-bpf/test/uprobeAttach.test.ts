import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BpfError, Collection, kernelTestGate, prepareKernel } from '../src/index.js';
import { FIXTURE_BUILD } from './buildFixtures.js';
import { fdTable, ownFds } from './ownKernelObjects.js';

const skip = kernelTestGate();
const UPROBE = join(FIXTURE_BUILD, 'uprobe.bpf.o');
/** A pid no process has: above any pid_max (at most 2^22). */
const NO_SUCH_PID = 999_999_999;

/** The C library this process runs with, from its own memory map. */
function ownLibc(): string {
  const line = readFileSync('/proc/self/maps', 'utf8')
    .split('\n')
    .find((l) => /\/libc[.-][^/]*\.so[^/]*$|\/libc\.so\.\d+$/.test(l));
  if (!line) throw new Error('this process maps no libc');
  return line.slice(line.indexOf('/'));
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const count = (c: Collection, map: string, pid: number) => c.map(map).lookup(u32(pid))?.readBigUInt64LE(0);

const open: Collection[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});
function load(): Collection {
  const c = Collection.load(UPROBE);
  open.push(c);
  return c;
}

/** The BpfError `fn` throws. */
function thrown(fn: () => unknown): BpfError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BpfError);
    return err as BpfError;
  }
  throw new Error('nothing was thrown');
}

describe.skipIf(skip)('attachUprobe on the running kernel', () => {
  beforeAll(() => prepareKernel());

  it('counts calls of a libc function by this process, and its uretprobe sees what it returned', () => {
    const c = load();
    const libc = ownLibc();
    c.attachUprobe('on_entry', { binary: libc, symbol: 'getppid', pid: process.pid });
    c.attachUprobe('on_return', { binary: libc, symbol: 'getppid', pid: process.pid });
    let ppid = 0;
    for (let i = 0; i < 5; i++) ppid = process.ppid; // each read calls getppid()
    expect(count(c, 'calls', process.pid)).toBe(5n);
    expect(count(c, 'returned', process.pid)).toBe(BigInt(ppid));
  });

  it('with a pid, other processes calling the function are not seen; without one, they are', () => {
    const c = load();
    const libc = ownLibc();
    c.attachUprobe('on_entry', { binary: libc, symbol: 'getppid', pid: process.pid });
    const all = load();
    all.attachUprobe('on_entry', { binary: libc, symbol: 'getppid' });
    const child = spawnSync('bash', ['-c', 'echo $PPID'], { encoding: 'utf8' }); // bash calls getppid() as it starts
    expect(child.stdout.trim()).toBe(String(process.pid));
    expect(count(all, 'calls', child.pid!)).toBeGreaterThanOrEqual(1n);
    expect(count(c, 'calls', child.pid!)).toBeUndefined();
  });

  it('the link it returns is owned like the others: closing it detaches, closing the collection closes it', () => {
    const before = ownFds();
    const c = Collection.load(UPROBE);
    const libc = ownLibc();
    const link = c.attachUprobe('on_entry', { binary: libc, symbol: 'getppid', pid: process.pid });
    void process.ppid;
    expect(count(c, 'calls', process.pid)).toBe(1n);
    link.close();
    expect(link.closed).toBe(true);
    void process.ppid;
    expect(count(c, 'calls', process.pid)).toBe(1n);
    link.close(); // twice is fine
    const kept = c.attachUprobe('on_return', { binary: libc, symbol: 'getppid', pid: process.pid });
    c.close();
    expect(kept.closed).toBe(true);
    expect(fdTable(ownFds())).toEqual(fdTable(before));
  });

  it('says in one line which of binary, symbol and pid was wrong, and leaves nothing open', () => {
    const c = load();
    const libc = ownLibc();
    const before = ownFds();
    const noBinary = thrown(() => c.attachUprobe('on_entry', { binary: '/no/such/libfoo.so', symbol: 'malloc' }));
    expect(noBinary.code).toBe('UPROBE_BINARY_NOT_FOUND');
    expect(noBinary.message).toBe('cannot attach on_entry: binary /no/such/libfoo.so does not exist');
    const dir = thrown(() => c.attachUprobe('on_entry', { binary: '/usr', symbol: 'malloc' }));
    expect(dir.code).toBe('UPROBE_BINARY_NOT_FOUND');
    expect(dir.message).toMatch(/\/usr is not a regular file/);
    const noSymbol = thrown(() => c.attachUprobe('on_entry', { binary: libc, symbol: 'no_such_function_here' }));
    expect(noSymbol.code).toBe('UPROBE_SYMBOL_NOT_FOUND');
    expect(noSymbol.message).toBe(`cannot attach on_entry: ${libc} has no function named no_such_function_here`);
    const noPid = thrown(() => c.attachUprobe('on_entry', { binary: libc, symbol: 'malloc', pid: NO_SUCH_PID }));
    expect(noPid.code).toBe('UPROBE_PID_NOT_FOUND');
    expect(noPid.message).toBe('cannot attach on_entry: no process has pid 999999999');
    for (const e of [noBinary, noSymbol, noPid]) expect(e.message).not.toMatch(/\n/);
    expect(fdTable(ownFds())).toEqual(fdTable(before));
  });

  it('refuses a relative binary path or a target with neither symbol nor offset, as argument errors', () => {
    const c = load();
    expect(() => c.attachUprobe('on_entry', { binary: 'libc.so.6', symbol: 'malloc' })).toThrow(/options\.binary must be an absolute path/);
    expect(() => c.attachUprobe('on_entry', { binary: ownLibc() })).toThrow(/give options\.symbol or a non-zero options\.offset/);
  });

  it('attachAll() leaves uprobe programs that name no binary alone', () => {
    const c = load();
    expect(c.attachAll()).toEqual([]);
  });
});
