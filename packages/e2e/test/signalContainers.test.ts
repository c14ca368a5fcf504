// trace_signal through the CLI, with the container operator: signals sent
// inside a real runc container carry its name, and --containername keeps
// them (and only them) in the kernel.
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../runtime/test/fixtures/runCli.js';
import { runcUnavailable, startRuncContainer, type RuncContainer } from './fixtures/runcContainer.js';
import { ROOT } from './fixtures/workspace.js';

const reason = runcUnavailable();
if (reason && process.env.GADGETRY_STRICT === '1') throw new Error(`${reason}, and GADGETRY_STRICT=1 forbids skipping the container tests`);

interface SignalEvent {
  container: string;
  runtime: string;
  pid: number;
  comm: string;
  targetPid: number;
  targetComm: string;
  /** The signal's name (kind signal); signalRaw keeps the number. */
  signal: string;
  signalRaw: number;
  result: string;
}

const SIGUSR1 = 10;
const parse = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as SignalEvent);

/**
 * gadgetry run trace_signal -o json with `args` for 2 s; once it says it is
 * attached, a host process sends SIGUSR1 to a host sleep (the host marker).
 */
async function traceSignals(args: string[]) {
  const marker = spawn('sleep', ['30'], { stdio: 'ignore' });
  let marked = false;
  try {
    const r = await runCli(['run', 'trace_signal', ...args, '--signal', 'USR1', '--timeout', '2', '-o', 'json', '-v'], ROOT, {
      onStderr: (text) => {
        if (marked || !text.includes('trace_signal: started')) return;
        marked = true;
        spawnSync('kill', ['-USR1', String(marker.pid)]);
      },
    });
    expect(marked, `trace_signal never said it started: ${r.stderr}`).toBe(true);
    expect(r.code, r.stderr).toBe(0);
    return { events: parse(r.stdout), marker: marker.pid! };
  } finally {
    marker.kill('SIGKILL');
  }
}

describe.skipIf(reason)('trace_signal in a real runc container', () => {
  let ctr: RuncContainer;
  beforeAll(() => {
    // the container's shell sends SIGUSR1 to a sleep of its own (once it runs sleep), five times a second
    ctr = startRuncContainer(`sig-${process.pid}`, 'while true; do sleep 100 & sleep 0.1; kill -USR1 $!; sleep 0.1; done');
  });
  afterAll(() => ctr?.remove());

  it('names the container of the sender', async () => {
    const { events, marker } = await traceSignals([]);
    const inside = events.filter((e) => e.container === ctr.name);
    expect(inside.length).toBeGreaterThan(0);
    for (const e of inside) expect(e).toMatchObject({ runtime: 'runc', comm: 'sh', targetComm: 'sleep', signal: 'SIGUSR1', signalRaw: SIGUSR1, result: 'delivered' });
    expect(events.find((e) => e.targetPid === marker)).toMatchObject({ container: '', comm: 'kill', targetComm: 'sleep' });
  });

  it('--containername keeps only the container\'s signals, in the kernel', async () => {
    const { events, marker } = await traceSignals(['--containername', ctr.name]);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.container === ctr.name && e.comm === 'sh')).toBe(true);
    expect(events.some((e) => e.targetPid === marker)).toBe(false);
  });
});
