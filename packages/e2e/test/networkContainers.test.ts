// The network gadgets name the container a socket's owner runs in: TCP
// connects inside a real runc container (its own mount and network
// namespaces) come out of `gadgetry run trace_tcp` with the container's name,
// through the container operator, and its filter keeps to them in the kernel.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../runtime/test/fixtures/runCli.js';
import { runcUnavailable, startRuncContainer, type RuncContainer } from './fixtures/runcContainer.js';
import { ROOT } from './fixtures/workspace.js';

const reason = runcUnavailable();
if (reason && process.env.GADGETRY_STRICT === '1') throw new Error(`${reason}, and GADGETRY_STRICT=1 forbids skipping the container tests`);

const ECONNREFUSED = 111;
const CLOSED_PORT = 9;

interface TcpEvent {
  container: string;
  runtime: string;
  pid: number;
  comm: string;
  type: string;
  /** the errno's name in JSON; its number is errorRaw */
  error: string;
  errorRaw: number;
  dport: number;
  daddr: string;
}

/** gadgetry run trace_tcp -o json with `args`; once it is attached, a host process connects to a closed port too. */
async function traceTcp(args: string[]) {
  let marked = false;
  const r = await runCli(['run', 'trace_tcp', ...args, '--timeout', '2', '-o', 'json', '-v'], ROOT, {
    onStderr: (text) => {
      if (marked || !text.includes('trace_tcp: started')) return;
      marked = true;
      spawnSync('/bin/busybox', ['nc', '127.0.0.1', String(CLOSED_PORT)], { stdio: 'ignore', timeout: 2000 });
    },
  });
  expect(marked, `trace_tcp never said it started: ${r.stderr}`).toBe(true);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TcpEvent)
    .filter((e) => e.type !== undefined);
}

describe.skipIf(reason)('trace_tcp with a real runc container', () => {
  let ctr: RuncContainer;
  beforeAll(() => {
    // its own network namespace: only its loopback, where nothing listens on port 9
    ctr = startRuncContainer(`e2e-tcp-${process.pid}`, `while true; do busybox nc 127.0.0.1 ${CLOSED_PORT} </dev/null; sleep 0.2; done`);
  });
  afterAll(() => ctr?.remove());

  it('failed connects inside the container carry its name and runtime; the host\'s carry none', async () => {
    const events = await traceTcp(['--failure-only']);
    const inside = events.filter((e) => e.container === ctr.name);
    expect(inside.length).toBeGreaterThan(0);
    expect(inside.every((e) => e.runtime === 'runc' && e.type === 'connect' && e.error === 'ECONNREFUSED' && e.errorRaw === ECONNREFUSED && e.dport === CLOSED_PORT)).toBe(true);
    expect(inside.every((e) => e.comm === 'busybox')).toBe(true);
    expect(events.some((e) => e.container === '' && e.dport === CLOSED_PORT)).toBe(true);
  });

  it('--containername keeps only the container\'s connects, filtered in the kernel', async () => {
    const events = await traceTcp(['--containername', ctr.name]);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.container === ctr.name)).toBe(true);
  });
});
