import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../runtime/test/fixtures/runCli.js';
import { runcUnavailable, startRuncContainer, type RuncContainer } from './fixtures/runcContainer.js';
import { ROOT } from './fixtures/workspace.js';

const reason = runcUnavailable();
if (reason && process.env.GADGETRY_STRICT === '1') throw new Error(`${reason}, and GADGETRY_STRICT=1 forbids skipping the container tests`);

interface ExecEvent {
  container: string;
  containerId: string;
  runtime: string;
  pid: number;
  user: string;
  args: string[];
}

const parse = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as ExecEvent);

/**
 * gadgetry run trace_exec -o json with `args`; once -v says the gadget is
 * attached, runs a host process (`true host-marker`) that a container filter
 * must keep out.
 */
async function traceExecWithHostMarker(args: string[]) {
  let marked = false;
  const r = await runCli(['run', 'trace_exec', ...args, '--timeout', '2', '-o', 'json', '-v'], ROOT, {
    onStderr: (text) => {
      if (marked || !text.includes('trace_exec: started')) return;
      marked = true;
      spawnSync('/bin/true', ['host-marker']);
    },
  });
  expect(marked, `trace_exec never said it started: ${r.stderr}`).toBe(true);
  expect(r.code, r.stderr).toBe(0);
  return parse(r.stdout);
}

describe.skipIf(reason)('containers, with a real runc container', () => {
  let ctr: RuncContainer;
  beforeAll(() => {
    ctr = startRuncContainer(`e2e-${process.pid}`, 'while true; do cat /etc/hostname >/dev/null; sleep 0.2; done');
  });
  afterAll(() => ctr?.remove());

  it('list-containers shows the container with its runtime and init pid', async () => {
    const r = await runCli(['list-containers'], ROOT);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${ctr.name}\\s+${ctr.name.slice(0, 12)}\\s+runc\\s+${ctr.pid}\\s+\\d+`, 'm'));
  });

  it('--containername keeps only that container\'s processes, named, with user names', async () => {
    const events = await traceExecWithHostMarker(['--containername', ctr.name]);
    expect(events.some((e) => e.args.join(' ') === 'cat /etc/hostname')).toBe(true);
    expect(events.every((e) => e.container === ctr.name && e.runtime === 'runc' && e.containerId === ctr.name)).toBe(true);
    expect(events.every((e) => e.user === 'root')).toBe(true);
    expect(events.some((e) => e.args.includes('host-marker'))).toBe(false);
  });

  it('without a filter, host processes appear with an empty container name', async () => {
    const events = await traceExecWithHostMarker([]);
    expect(events.find((e) => e.args.includes('host-marker'))?.container).toBe('');
    expect(events.some((e) => e.container === ctr.name)).toBe(true);
  });

  it('--host adds host processes to the container filter', async () => {
    const events = await traceExecWithHostMarker(['--containername', ctr.name, '--host']);
    expect(events.some((e) => e.args.includes('host-marker'))).toBe(true);
    expect(events.some((e) => e.container === ctr.name)).toBe(true);
  });

  it('filters snapshots in the kernel too, and shows the container column', async () => {
    const r = await runCli(['run', 'snapshot_process', '--containername', ctr.name], ROOT);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^CONTAINER\s+PID\s+PPID\s+UID\s+USER\s+THREADS\s+COMM$/);
    expect(lines.slice(1).length).toBeGreaterThan(0);
    expect(lines.slice(1).every((l) => l.startsWith(ctr.name))).toBe(true);
    expect(lines.some((l) => new RegExp(`\\s${ctr.pid}\\s`).test(l))).toBe(true);
  });

  it('warns when no container has the name yet', async () => {
    const r = await runCli(['run', 'trace_exec', '--containername', 'no-such-container', '--timeout', '0.5'], ROOT);
    expect(r.code).toBe(0);
    const [warning, ...rest] = r.stderr.split('\n');
    expect(warning).toBe('warn: no running container named no-such-container yet; its events appear once it starts');
    expect(rest).toEqual([expect.stringMatching(/^trace_exec: \d+ events? in \d+\.\d s, \d+ lost/), '']);
  });
});
