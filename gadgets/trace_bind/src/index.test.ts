import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { collectEvents } from '@gadgetry/runtime';
import traceBind, { type TraceBindEvent } from './index.js';

const skip = kernelTestGate();
const AF_INET = 2;
const AF_INET6 = 10;
const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;
const EADDRINUSE = 98;
const LOOPBACK4 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1]; // ::ffff:127.0.0.1
/** The binding process's name (process.title renames its main thread). */
const TITLE = `tb${process.pid % 100000}`;
const LOOPBACK6 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]; // ::1

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** A port nothing listens on now (loopback only). */
async function freePort(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, host, r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * A process that, told to, binds a TCP socket on 127.0.0.1:`tcp`, a UDP
 * socket on [::1]:`udp`, then a second TCP socket on 127.0.0.1:`tcp`, which
 * fails with EADDRINUSE; it exits once done.
 */
async function binder(tcp: number, udp: number) {
  const script = `process.title = ${JSON.stringify(TITLE)};
    const net = require('net'), dgram = require('dgram');
    process.stdin.once('data', async () => {
      const a = net.createServer(); await new Promise((r) => a.listen(${tcp}, '127.0.0.1', r));
      const u = dgram.createSocket('udp6'); await new Promise((r) => u.bind(${udp}, '::1', r));
      const b = net.createServer(); await new Promise((r) => { b.once('error', r); b.listen(${tcp}, '127.0.0.1', r); });
      process.exit(0);
    });
    process.stdout.write('ready\\n');`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise((ready) => child.stdout!.once('data', ready));
  const exited = new Promise((r) => child.once('exit', r));
  return { pid: child.pid!, go: async () => (child.stdin!.write('go\n'), await exited) };
}

/** The binds of a binder, as trace_bind reports them with `params`, once the binder has exited. */
async function bindsOf(params: Record<string, string>, tcp: number, udp: number) {
  const b = await binder(tcp, udp);
  let exited = false;
  const { events, result } = await collectEvents<TraceBindEvent>(traceBind, {
    params: { ...params, pid: String(b.pid) },
    timeoutMs: 10_000,
    onStarted: async () => {
      await b.go();
      exited = true;
    },
    until: () => exited, // stopping delivers what the ring buffer still holds
  });
  expect(result.error).toBeUndefined();
  return { pid: b.pid, events, result };
}

describe.skipIf(skip)('trace_bind on the running kernel', () => {
  it('reports binds on 127.0.0.1 and ::1 with their ports and protocols, and EADDRINUSE for a port taken', async () => {
    const tcp = await freePort('127.0.0.1');
    const udp = await freePort('::1');
    const { pid, events } = await bindsOf({}, tcp, udp);
    expect(events).toHaveLength(3);
    const same = { pid, tid: pid, ppid: process.pid, uid: 0, comm: TITLE };
    expect(events[0]).toMatchObject({ ...same, addr: LOOPBACK4, port: tcp, family: AF_INET, proto: IPPROTO_TCP, sockType: 1, err: 0 });
    expect(events[1]).toMatchObject({ ...same, addr: LOOPBACK6, port: udp, family: AF_INET6, proto: IPPROTO_UDP, sockType: 2, err: 0 });
    expect(events[2]).toMatchObject({ ...same, addr: LOOPBACK4, port: tcp, family: AF_INET, proto: IPPROTO_TCP, err: EADDRINUSE });
    expect(events[0]!.fd).toBeGreaterThan(2);
    expect(events[0]!.mntnsId).toBeGreaterThan(0);
  });

  it('--ignore-errors leaves out the failed bind, in the kernel', async () => {
    const tcp = await freePort('127.0.0.1');
    const udp = await freePort('::1');
    const { events, result } = await bindsOf({ 'ignore-errors': 'true' }, tcp, udp);
    // the third bind happened (the process exits only after it): the kernel sent nothing for it
    expect(events.map((e) => [e.port, e.err])).toEqual([
      [tcp, 0],
      [udp, 0],
    ]);
    expect(result.events).toBe(2);
  });
});
