import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, constants, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { kernelTestGate, simulateKernel } from '@gadgetry/native-bpf';
import { collectEvents, runGadget } from '@gadgetry/runtime';
import traceOpen, { type TraceOpenEvent } from './index.js';

const skip = kernelTestGate();
const dir = mkdtempSync(join(tmpdir(), 'trace-open-'));
const existing = join(dir, 'present.txt');
const missing = join(dir, 'absent.txt');
writeFileSync(existing, 'x');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(skip)('trace_open on the running kernel', () => {
  it('reports the fd of an existing file and ENOENT for a missing one', async () => {
    let fd = -1;
    const { events } = await collectEvents<TraceOpenEvent>(traceOpen, {
      traceSelf: true, // the opens come from this process, the runtime here
      params: { pid: String(process.pid) },
      timeoutMs: 10_000,
      onStarted: () => {
        fd = openSync(existing, 'r');
        closeSync(fd);
        try {
          openSync(missing, 'r');
        } catch {
          /* expected: ENOENT */
        }
      },
      until: (evs) => evs.some((e) => e.fname === missing),
    });
    const ok = events.find((e) => e.fname === existing);
    const bad = events.find((e) => e.fname === missing);
    expect(ok).toMatchObject({ pid: process.pid, fd, error: 0, uid: 0 });
    expect(ok!.flags & 3).toBe(0); // O_RDONLY
    expect(bad).toMatchObject({ pid: process.pid, fd: -1, error: 2 }); // ENOENT: the runtime's outputs name it
    expect(events.every((e) => e.pid === process.pid)).toBe(true);
  });

  it('with --failed sends only failed opens from the kernel', async () => {
    const { events } = await collectEvents<TraceOpenEvent>(traceOpen, {
      traceSelf: true, // the opens come from this process, the runtime here
      params: { pid: String(process.pid), failed: true },
      timeoutMs: 10_000,
      onStarted: () => {
        closeSync(openSync(existing, 'r'));
        try {
          openSync(missing, 'r');
        } catch {
          /* expected */
        }
      },
      until: (evs) => evs.some((e) => e.fname === missing),
    });
    expect(events.find((e) => e.fname === missing)?.error).toBe(2); // ENOENT
    expect(events.filter((e) => e.fname === existing)).toEqual([]);
    expect(events.every((e) => e.fd === -1)).toBe(true);
  });
});

/** Names of the BPF programs this process holds, by its own fds (other sessions load programs meanwhile). */
function ownPrograms(): string[] {
  const names: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    let id: string | undefined;
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) !== 'anon_inode:bpf-prog') continue;
      id = /^prog_id:\s+(\d+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1];
    } catch {
      continue;
    }
    if (id) names.push((JSON.parse(execFileSync('bpftool', ['-j', 'prog', 'show', 'id', id], { encoding: 'utf8' })) as { name: string }).name);
  }
  return names.sort();
}

describe.skipIf(skip)('trace_open on a kernel without open and openat2', () => {
  // arm64 has no open(2), and kernels before 5.6 no openat2(2): the probes are told so, as they would find there
  it('leaves their programs out, says so once for each, and still reports openat', async () => {
    const restore = simulateKernel({
      missingHooks: ['open', 'openat2'].flatMap((call) => [`tracepoint/syscalls/sys_enter_${call}`, `tracepoint/syscalls/sys_exit_${call}`]),
    });
    try {
      let programs: string[] = [];
      const { events, logs, result } = await collectEvents<TraceOpenEvent>(traceOpen, {
        traceSelf: true, // the opens come from this process, the runtime here
        params: { pid: String(process.pid) },
        timeoutMs: 10_000,
        onStarted: () => {
          programs = ownPrograms();
          closeSync(openSync(existing, 'r')); // Node opens with openat(2)
        },
        until: (evs) => evs.some((e) => e.fname === existing),
      });
      expect(result.error).toBeUndefined();
      expect(programs).toEqual(['on_openat', 'on_openat_exit']);
      expect(logs.filter((l) => l.includes('is not traced'))).toEqual([
        'warn: trace_open: open is not traced: tracepoint syscalls/sys_enter_open does not exist on this kernel',
        'warn: trace_open: openat2 is not traced: tracepoint syscalls/sys_enter_openat2 does not exist on this kernel (added in 5.6)',
      ]);
      expect(events.find((e) => e.fname === existing)).toMatchObject({ pid: process.pid, error: 0 });
    } finally {
      restore();
    }
  });

  it('on the running kernel, only what it lacks is left out', async () => {
    let programs: string[] = [];
    let has: Record<string, boolean> = {};
    const { logs, result } = await collectEvents<TraceOpenEvent>(traceOpen, {
      traceSelf: true,
      params: { pid: String(process.pid) },
      timeoutMs: 10_000,
      onStarted: () => {
        programs = ownPrograms();
        // tracefs is mounted once the gadget started: what the kernel has, seen directly
        has = Object.fromEntries(['open', 'openat2'].map((c) => [c, existsSync(`/sys/kernel/tracing/events/syscalls/sys_enter_${c}`)]));
        closeSync(openSync(existing, 'r'));
      },
      until: (evs) => evs.some((e) => e.fname === existing),
    });
    expect(result.error).toBeUndefined();
    const expected = ['openat', ...['open', 'openat2'].filter((c) => has[c])].flatMap((c) => [`on_${c}`, `on_${c}_exit`]);
    expect(programs).toEqual(expected.sort());
    expect(logs.filter((l) => l.includes('is not traced')).map((l) => /trace_open: (\w+) is not traced/.exec(l)?.[1])).toEqual(
      ['open', 'openat2'].filter((c) => !has[c]),
    );
  });
});

describe.skipIf(skip)('trace_open leaves out the runtime itself', () => {
  // This test process loads the gadget through the library API, so it is the runtime here.
  async function whoIsSeen(traceSelf: boolean) {
    const own = join(dir, `own-${traceSelf}.txt`);
    const other = join(dir, `other-${traceSelf}.txt`);
    writeFileSync(own, 'x');
    writeFileSync(other, 'x');
    const { events } = await collectEvents<TraceOpenEvent>(traceOpen, {
      traceSelf,
      timeoutMs: 10_000,
      onStarted: () => {
        closeSync(openSync(own, 'r'));
        // another process's open, reported after ours: once it is seen, ours was decided
        spawnSync('cat', [other]);
      },
      until: (evs) => evs.some((e) => e.fname === other),
    });
    return { own: events.filter((e) => e.fname === own), other: events.filter((e) => e.fname === other) };
  }

  it('by default the kernel drops the opens of the tracing process itself', async () => {
    const seen = await whoIsSeen(false);
    expect(seen.other).toHaveLength(1);
    expect(seen.own).toEqual([]);
  });

  it('with traceSelf it reports them', async () => {
    const seen = await whoIsSeen(true);
    expect(seen.other).toHaveLength(1);
    expect(seen.own).toMatchObject([{ pid: process.pid, error: 0 }]);
  });
});

describe.skipIf(skip)('trace_open when too many opens are in flight', () => {
  it('counts the opens its pending table had no room for, and says what to raise', async () => {
    const threads = 32;
    const fifos = Array.from({ length: threads }, (_, i) => join(dir, `fifo-${i}`));
    expect(spawnSync('mkfifo', fifos).status).toBe(0);
    // A process whose thread pool blocks `threads` threads in open() on FIFOs until a writer comes.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const fs = require('fs');
         const fifos = JSON.parse(process.argv[1]);
         let left = fifos.length;
         process.stdin.once('data', () => {
           for (const f of fifos) fs.open(f, 'r', (err, fd) => { if (!err) fs.closeSync(fd); if (--left === 0) process.exit(0); });
         });
         process.stdout.write('ready\\n');`,
        JSON.stringify(fifos),
      ],
      { env: { ...process.env, UV_THREADPOOL_SIZE: String(threads), UV_USE_IO_URING: '0' }, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const exited = new Promise((r) => holder.on('exit', r));
    onTestFinished(() => void (holder.exitCode === null && holder.kill('SIGKILL')));
    await new Promise((r) => holder.stdout!.once('data', r));

    const run = runGadget<TraceOpenEvent>(traceOpen, { params: { pid: String(holder.pid), 'max-in-flight': '1' }, timeoutMs: 15_000 });
    const warnings: string[] = [];
    const fifoEvents: TraceOpenEvent[] = [];
    run.on('log', (level, message) => level === 'warn' && warnings.push(message));
    run.on('events', (evs) => fifoEvents.push(...evs.filter((e) => fifos.includes(e.fname))));
    const lost = () =>
      warnings.map((w) => /^(\d+) events lost: too many opens in flight \(pending table full\); raise --max-in-flight$/.exec(w)).reduce((n, m) => n + (m ? Number(m[1]) : 0), 0);
    await Promise.race([new Promise<void>((r) => run.once('started', () => r())), run.done]);
    holder.stdin!.write('go\n');
    // one open holds the only slot; the other threads' opens find the table full (reported once a second)
    for (let i = 0; i < 50 && lost() < threads - 1; i++) await new Promise((r) => setTimeout(r, 100));
    for (const f of fifos) closeSync(openSync(f, constants.O_WRONLY | constants.O_NONBLOCK));
    await exited;
    run.stop();
    const result = await run.done;
    expect(result.error).toBeUndefined();
    expect(lost()).toBe(threads - 1);
    expect(fifoEvents).toHaveLength(1);
    expect(fifoEvents[0]).toMatchObject({ pid: holder.pid, error: 0 });
  });
});

describe.skipIf(skip)('trace_open when the ring buffer overflows', () => {
  it('counts the lost events and tells the user to raise --buffer-kb', async () => {
    const attempts = 20_000;
    const { events, logs } = await collectEvents<TraceOpenEvent>(traceOpen, {
      traceSelf: true, // the opens come from this process, the runtime here
      params: { pid: String(process.pid), failed: 'true', 'buffer-kb': '4' },
      timeoutMs: 10_000,
      onStarted: () => {
        // a loop that never yields: the reader cannot drain until it ends
        for (let i = 0; i < attempts; i++) {
          try {
            openSync(missing, 'r');
          } catch {
            /* ENOENT */
          }
        }
      },
      until: () => true,
    });
    const lost = logs.map((l) => /^warn: (\d+) events lost: the ring buffer was full; raise --buffer-kb$/.exec(l)).filter(Boolean);
    expect(lost.length).toBeGreaterThan(0);
    const lostCount = lost.reduce((n, m) => n + Number(m![1]), 0);
    const seen = events.filter((e) => e.fname === missing).length;
    expect(seen).toBeLessThan(attempts);
    expect(seen + lostCount).toBe(attempts);
  });

  it('rejects a ring buffer size that is not a power of two', async () => {
    const { result } = await collectEvents(traceOpen, { params: { 'buffer-kb': '100' } });
    expect(result.error?.code).toBe('PARAM_INVALID');
    expect(result.error?.message).toMatch(/invalid value 100 for --buffer-kb: expected a power of two/);
  });
});
