import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kernelTestGate, simulateKernel } from '@gadgetry/native-bpf';
import { collectEvents } from '@gadgetry/runtime';
import traceMalloc, { type TraceMallocEvent } from './index.js';

const skip = kernelTestGate();
const work = mkdtempSync(join(tmpdir(), 'gadgetry-trace-malloc-'));
// the command name is the file's: 15 bytes at most, and unlike anything else running
const helper = join(work, 'gadgetry_allocs');

beforeAll(() => {
  if (skip) return;
  execFileSync('cc', ['-Wall', '-O0', '-o', helper, fileURLToPath(new URL('../test/allocations.c', import.meta.url))], { stdio: 'inherit' });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Allocator {
  pid: number;
  /** Tells it to allocate; resolves with the addresses it printed. */
  go(): Promise<{ malloc: bigint; calloc: bigint; realloc: bigint }>;
}
const running: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of running.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** Starts the helper; resolves once it waits for the word. */
async function allocator(): Promise<Allocator> {
  const child = spawn(helper, [], { stdio: 'pipe' });
  running.push(child);
  let out = '';
  child.stdout.setEncoding('utf8');
  const said = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const m = pattern.exec(out);
        if (m) resolve(m);
      };
      child.stdout.on('data', (d: string) => {
        out += d;
        check();
      });
      child.once('close', () => reject(new Error(`the helper exited having said ${JSON.stringify(out)}`)));
      check();
    });
  await said(/ready\n/);
  return {
    pid: child.pid!,
    go: async () => {
      child.stdin.write('go\n');
      const m = await said(/malloc (\d+) calloc (\d+) realloc (\d+)\n/);
      return { malloc: BigInt(m[1]!), calloc: BigInt(m[2]!), realloc: BigInt(m[3]!) };
    },
  };
}

describe.skipIf(skip)('trace_malloc on the running kernel', () => {
  it('--pid: the sizes, ops and addresses of a program\'s allocations, and nothing of another process doing the same', async () => {
    const traced = await allocator();
    const other = await allocator();
    let addresses: ReturnType<Allocator['go']> | undefined;
    const { events, result } = await collectEvents<TraceMallocEvent>(traceMalloc, {
      params: { pid: String(traced.pid) },
      timeoutMs: 10_000,
      onStarted: async () => {
        await other.go();
        addresses = traced.go();
      },
      until: (evs) => evs.filter((e) => e.op === 'free' && e.pid === traced.pid).length >= 2,
    });
    expect(result.error).toBeUndefined();
    const a = await addresses!;
    const mine = events.filter((e) => e.pid === traced.pid);
    // the helper's own calls, in order; its C runtime may allocate before (stdio buffers)
    const calls = mine.filter((e) => [a.malloc, a.calloc, a.realloc].includes(e.address));
    expect(calls.map((e) => [e.op, e.size, e.address, e.oldAddress])).toEqual([
      ['malloc', 12345, a.malloc, 0n],
      ['calloc', 7000, a.calloc, 0n],
      ['realloc', 54321, a.realloc, a.malloc],
      ['free', 0, a.calloc, 0n],
      ['free', 0, a.realloc, 0n],
    ]);
    expect(calls.every((e) => e.comm === 'gadgetry_allocs' && e.tid === traced.pid)).toBe(true);
    // kept out in the kernel: the other process made the same calls, and nothing of it arrived
    expect(events.filter((e) => e.pid !== traced.pid)).toEqual([]);
    expect(result.events).toBe(events.length);
  });

  it('without --pid, probes the host C library for every process; --comm keeps the helper\'s in the kernel', async () => {
    const traced = await allocator();
    let addresses: ReturnType<Allocator['go']> | undefined;
    const { events, result } = await collectEvents<TraceMallocEvent>(traceMalloc, {
      params: { comm: 'gadgetry_allocs' },
      timeoutMs: 10_000,
      onStarted: () => {
        addresses = traced.go();
      },
      until: (evs) => evs.filter((e) => e.op === 'free' && e.pid === traced.pid).length >= 2,
    });
    expect(result.error).toBeUndefined();
    const a = await addresses!;
    expect(events.find((e) => e.op === 'realloc' && e.pid === traced.pid)).toMatchObject({ size: 54321, address: a.realloc, oldAddress: a.malloc });
    expect(events.every((e) => e.comm === 'gadgetry_allocs')).toBe(true);
  });

  it('refuses a pid no process has, and a relative --binary, in one line each, before loading anything', async () => {
    for (const [params, message] of [
      [{ pid: '999999999' }, 'invalid value 999999999 for --pid: no process has this pid'],
      [{ binary: 'libc.so.6' }, 'invalid value "libc.so.6" for --binary: expected an absolute path'],
    ] as const) {
      let started = false;
      const { result } = await collectEvents(traceMalloc, { params, timeoutMs: 3000, onStarted: () => (started = true) });
      expect(started).toBe(false);
      expect(result.error?.code).toBe('PARAM_INVALID');
      expect(result.error?.message).toBe(message);
    }
  });

  it('says which binary does not exist, or lacks the functions, and stops', async () => {
    const missing = await collectEvents(traceMalloc, { params: { binary: '/no/such/libc.so.6' }, timeoutMs: 3000 });
    expect(missing.result.error?.code).toBe('PARAM_INVALID');
    expect(missing.result.error?.message).toBe('invalid value "/no/such/libc.so.6" for --binary: no such file (give the path of a library or program)');
    // programs that call malloc but do not define it: a stripped one, and one of our own with its symbol table
    const lacking = await collectEvents(traceMalloc, { params: { binary: '/usr/bin/true' }, timeoutMs: 3000 });
    expect(lacking.result.error?.code).toBe('UPROBE_SYMBOL_NOT_FOUND');
    expect(lacking.result.error?.message).toMatch(/\/usr\/bin\/true has no function named (malloc|calloc|realloc|free)$/);
    const importing = await collectEvents(traceMalloc, { params: { binary: helper }, timeoutMs: 3000 });
    expect(importing.result.error?.code).toBe('UPROBE_SYMBOL_NOT_FOUND');
    expect(importing.result.error?.message).toMatch(new RegExp(`${helper} has several symbols named \\w+ \\(or only imports it from a library\\)`));
  });

  it('on a kernel without uprobes, says so in one line and loads nothing', async () => {
    const restore = simulateKernel({ attach: { uprobe: { state: 'missing', detail: 'no uprobe PMU', cause: 'CONFIG_UPROBE_EVENTS is off' } } });
    try {
      let started = false;
      const { result } = await collectEvents(traceMalloc, { params: { pid: String(process.pid) }, timeoutMs: 3000, onStarted: () => (started = true) });
      expect(started).toBe(false);
      expect(result.error?.code).toBe('BPF_HOOK_MISSING');
      expect(result.error?.message).toMatch(/^gadget "trace_malloc" failed in start: program on_\w+ \(u(ret)?probe\) cannot run on this kernel: this kernel has no uprobes? \(CONFIG_UPROBE_EVENTS is off\)$/);
    } finally {
      restore();
    }
  });
});
