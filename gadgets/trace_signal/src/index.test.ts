import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { collectEvents, runGadget, type RunResult } from '@gadgetry/runtime';
import traceSignal, { type TraceSignalEvent } from './index.js';

const skip = kernelTestGate();
const SIGUSR1 = 10;
const SIGUSR2 = 12;
const ESRCH = 3;
/** A pid no process has: above any pid_max (at most 2^22). */
const NO_SUCH_PID = 999_999_999;

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** A sleep of our own to send signals to. */
function sleeper(): ChildProcess & { pid: number } {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  children.push(child);
  return child as ChildProcess & { pid: number };
}

/** Runs kill(1) (procps), a process of its own: its pid is the sender's. */
function kill(signal: string, pid: number): number {
  const r = spawnSync('kill', [`-${signal}`, String(pid)], { stdio: 'ignore' });
  expect(r.error).toBeUndefined();
  return r.pid!;
}

/** Runs trace_signal with `params` until stopped; resolves once it is attached. */
async function tracing(params: Record<string, string>) {
  const run = runGadget<TraceSignalEvent>(traceSignal, { params, timeoutMs: 20_000 });
  const events: TraceSignalEvent[] = [];
  run.on('events', (evs) => void events.push(...evs));
  await Promise.race([new Promise<void>((r) => run.once('started', () => r())), run.done]);
  return {
    events,
    stop: async (): Promise<RunResult> => {
      run.stop();
      return run.done;
    },
  };
}

/** Waits, bounded, until `done` holds. */
async function until(done: () => boolean) {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((r) => setTimeout(r, 50));
}

describe.skipIf(skip)('trace_signal on the running kernel', () => {
  it('reports kill -USR1 to a sleep: sender, target, signal, delivered', async () => {
    const target = sleeper();
    let sender = 0;
    const { events, result } = await collectEvents<TraceSignalEvent>(traceSignal, {
      timeoutMs: 10_000,
      onStarted: () => (sender = kill('USR1', target.pid)),
      until: (evs) => evs.some((e) => e.targetPid === target.pid),
    });
    expect(result.error).toBeUndefined();
    const ev = events.find((e) => e.targetPid === target.pid);
    expect(ev).toMatchObject({
      pid: sender,
      tid: sender,
      ppid: process.pid,
      comm: 'kill',
      uid: 0,
      targetComm: 'sleep',
      signal: SIGUSR1,
      resultCode: 0,
      result: 'delivered',
      err: 0,
      code: 0, // SI_USER
      toGroup: true,
    });
    expect(ev!.mntnsId).toBeGreaterThan(0);
  });

  it('reports a kill to a pid no process has as failed, with ESRCH', async () => {
    let sender = 0;
    const { events } = await collectEvents<TraceSignalEvent>(traceSignal, {
      timeoutMs: 10_000,
      onStarted: () => (sender = kill('USR1', NO_SUCH_PID)),
      until: (evs) => evs.some((e) => e.targetPid === NO_SUCH_PID),
    });
    expect(events.filter((e) => e.targetPid === NO_SUCH_PID)).toEqual([
      expect.objectContaining({ pid: sender, comm: 'kill', signal: SIGUSR1, result: 'failed', resultCode: 5, err: ESRCH, targetComm: '' }),
    ]);
  });

  it('--signal USR1 keeps only SIGUSR1, in the kernel; the same sends unfiltered show the others happened', async () => {
    const usr1 = sleeper();
    const usr2 = sleeper();
    const filtered = await tracing({ signal: 'USR1' });
    const all = await tracing({});
    kill('USR2', usr2.pid);
    kill('USR1', usr1.pid);
    await until(() => filtered.events.some((e) => e.targetPid === usr1.pid) && all.events.some((e) => e.targetPid === usr1.pid));
    const kept = await filtered.stop();
    await all.stop();
    expect(all.events.find((e) => e.targetPid === usr2.pid)).toMatchObject({ signal: SIGUSR2, result: 'delivered' });
    expect(filtered.events.find((e) => e.targetPid === usr1.pid)).toMatchObject({ signal: SIGUSR1, result: 'delivered', targetComm: 'sleep' });
    expect(filtered.events.filter((e) => e.signal !== SIGUSR1)).toEqual([]);
    // what the run delivered is what the kernel sent: nothing was filtered on the way
    expect(kept.error).toBeUndefined();
    expect(kept.events).toBe(filtered.events.length);
  });

  it('--signal takes a number or a name with SIG, in any case', async () => {
    for (const signal of ['10', 'sigusr1', 'SIGUSR1']) {
      const target = sleeper();
      const { events } = await collectEvents<TraceSignalEvent>(traceSignal, {
        params: { signal },
        timeoutMs: 10_000,
        onStarted: () => {
          kill('USR2', target.pid); // ignored by the filter; then the one it keeps
          kill('USR1', target.pid);
        },
        until: (evs) => evs.some((e) => e.targetPid === target.pid),
      });
      expect(events.filter((e) => e.targetPid === target.pid).map((e) => e.signal), signal).toEqual([SIGUSR1]);
    }
  });

  it('--failed keeps only the sends that failed, in the kernel', async () => {
    const target = sleeper();
    const { events, result } = await collectEvents<TraceSignalEvent>(traceSignal, {
      params: { failed: 'true' },
      timeoutMs: 10_000,
      onStarted: () => {
        kill('USR1', target.pid);
        kill('USR1', NO_SUCH_PID);
      },
      until: (evs) => evs.some((e) => e.targetPid === NO_SUCH_PID),
    });
    expect(events.find((e) => e.targetPid === NO_SUCH_PID)).toMatchObject({ result: 'failed', err: ESRCH });
    expect(events.filter((e) => e.targetPid === target.pid)).toEqual([]);
    expect(events.every((e) => e.err !== 0)).toBe(true);
    expect(result.events).toBe(events.length);
  });

  it('refuses a --signal that names no signal, in one line, before loading anything', async () => {
    for (const [signal, shown] of [
      ['USR3', '"USR3"'],
      ['65', '"65"'],
      ['0', '"0"'],
      ['-9', '"-9"'],
    ]) {
      let started = false;
      const { result } = await collectEvents(traceSignal, { params: { signal }, timeoutMs: 3000, onStarted: () => (started = true) });
      expect(started).toBe(false);
      expect(result.error?.code).toBe('PARAM_INVALID');
      expect(result.error?.message).toBe(
        `invalid value ${shown} for --signal: expected a signal name (TERM, SIGUSR1, ...) or a number from 1 to 64`,
      );
    }
  });
});
