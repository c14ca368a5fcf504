// trace_tcp on the running kernel, with real connections on loopback between
// processes of their own (the runtime's own process is left out).
import { afterEach, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { collectEvents } from '@gadgetry/runtime';
import gadget, { type TraceTcpEvent } from './index.js';
import { ipBytes } from '../../../packages/shapes/test/fixtures/networkNamespace.js';
import { killPeers } from '../../../packages/shapes/test/fixtures/peerProcesses.js';
import { tcpClient, tcpServer, type ClientResult, type Server } from '../../../packages/shapes/test/fixtures/tcpPeers.js';

const skip = kernelTestGate();
afterEach(killPeers);

const AF_INET = 2;
const AF_INET6 = 10;
const ECONNREFUSED = 111;
const ECONNRESET = 104;
const tag = (s: string) => `${s}${process.pid % 100000}`;

/** A port nothing listens on: one a server had, given back. */
async function closedPort(host: string): Promise<number> {
  const s = await tcpServer(host, tag('tcpgone'));
  await s.stop();
  return s.port;
}

/** Runs trace_tcp with `params` while `act` runs, until `done` holds for the events (or 10 s). */
async function trace(params: Record<string, string>, act: () => Promise<unknown>, done: (evs: TraceTcpEvent[]) => boolean) {
  let acted = false;
  const { events, result } = await collectEvents<TraceTcpEvent>(gadget, {
    params,
    timeoutMs: 10_000,
    onStarted: async () => {
      await act();
      acted = true;
    },
    until: (evs) => acted && done(evs),
  });
  expect(result.error).toBeUndefined();
  return events;
}

/** A server, a client that pings it and closes; the events of both, once the server closed its end too. */
async function connection(host: string, params: Record<string, string> = {}, done?: (evs: TraceTcpEvent[], s: Server, c: ClientResult) => boolean) {
  const server = await tcpServer(host, tag('tcpsrv'));
  let client: ClientResult | undefined;
  const events = await trace(
    params,
    async () => {
      client = await tcpClient(host, server.port, tag('tcpcli'));
    },
    (evs) => (done ? done(evs, server, client!) : evs.some((e) => e.type === 'close' && e.pid === server.pid)),
  );
  await server.stop();
  expect(client!.error).toBe('');
  return { events, server, client: client! };
}

describe.skipIf(skip)('trace_tcp on the running kernel', () => {
  it('a connect to a closed port on 127.0.0.1 is a failed connect with ECONNREFUSED, from the connecting process', async () => {
    const port = await closedPort('127.0.0.1');
    let client: ClientResult | undefined;
    const events = await trace(
      {},
      async () => (client = await tcpClient('127.0.0.1', port, tag('tcpref'))),
      (evs) => evs.some((e) => e.pid === client?.pid),
    );
    expect(client!.error).toBe('ECONNREFUSED');
    const mine = events.filter((e) => e.pid === client!.pid);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      type: 'connect',
      error: ECONNREFUSED,
      comm: tag('tcpref'),
      uid: 0,
      family: AF_INET,
      saddr: ipBytes('127.0.0.1'),
      daddr: ipBytes('127.0.0.1'),
      dport: port,
    });
    expect(mine[0]!.sport).toBeGreaterThan(0);
    expect(mine[0]!.mntnsId).toBeGreaterThan(0);
  });

  for (const [host, family] of [
    ['127.0.0.1', AF_INET],
    ['::1', AF_INET6],
  ] as const) {
    it(`a server and a client on ${host}: connect, accept and close, each with its process and ports`, async () => {
      const { events, server, client } = await connection(host);
      const ofClient = events.filter((e) => e.pid === client.pid);
      const ofServer = events.filter((e) => e.pid === server.pid);
      const ends = { family, saddr: ipBytes(host), daddr: ipBytes(host) };
      expect(ofClient).toEqual([
        expect.objectContaining({ type: 'connect', error: 0, comm: tag('tcpcli'), sport: client.port, dport: server.port, ...ends }),
        expect.objectContaining({ type: 'close', error: 0, comm: tag('tcpcli'), sport: client.port, dport: server.port, ...ends }),
      ]);
      expect(ofServer).toEqual([
        expect.objectContaining({ type: 'accept', error: 0, comm: tag('tcpsrv'), sport: server.port, dport: client.port, ...ends }),
        expect.objectContaining({ type: 'close', error: 0, comm: tag('tcpsrv'), sport: server.port, dport: client.port, ...ends }),
      ]);
    });
  }

  it('--connect-only, --accept-only and --failure-only keep those events only, in the kernel', async () => {
    const connects = await connection('127.0.0.1', { 'connect-only': 'true' }, (evs, s) => evs.some((e) => e.dport === s.port));
    const mine = (r: typeof connects) => r.events.filter((e) => e.pid === r.client.pid || e.pid === r.server.pid);
    expect(mine(connects).map((e) => [e.type, e.pid])).toEqual([['connect', connects.client.pid]]);
    const accepts = await connection('127.0.0.1', { 'accept-only': 'true' }, (evs, s) => evs.some((e) => e.pid === s.pid));
    expect(mine(accepts).map((e) => [e.type, e.pid])).toEqual([['accept', accepts.server.pid]]);

    const port = await closedPort('127.0.0.1');
    const server = await tcpServer('127.0.0.1', tag('tcpsrv'));
    let ok: ClientResult | undefined;
    let refused: ClientResult | undefined;
    const failures = await trace(
      { 'failure-only': 'true' },
      async () => {
        ok = await tcpClient('127.0.0.1', server.port, tag('tcpok'));
        refused = await tcpClient('127.0.0.1', port, tag('tcpref'));
      },
      (evs) => evs.some((e) => e.pid === refused?.pid),
    );
    await server.stop();
    expect(failures.filter((e) => e.pid === refused!.pid).map((e) => [e.type, e.error])).toEqual([['connect', ECONNREFUSED]]);
    expect(failures.filter((e) => e.pid === ok!.pid || e.pid === server.pid)).toEqual([]);
  });

  it('a connection the peer resets is a close with ECONNRESET, its ports intact', async () => {
    const server = await tcpServer('127.0.0.1', tag('tcprst'), undefined, true);
    let client: ClientResult | undefined;
    const events = await trace(
      {},
      async () => (client = await tcpClient('127.0.0.1', server.port, tag('tcpcli'))),
      (evs) => evs.some((e) => e.pid === client?.pid && e.type === 'close'),
    );
    await server.stop();
    expect(client!.error).toBe('ECONNRESET');
    expect(events.filter((e) => e.pid === client!.pid).map((e) => [e.type, e.error, e.dport])).toEqual([
      ['connect', 0, server.port],
      ['close', ECONNRESET, server.port],
    ]);
    const [connect, close] = events.filter((e) => e.pid === client!.pid);
    expect(close!.sport).toBe(connect!.sport);
    expect(close!.sport).toBeGreaterThan(0);
  });

  it('refuses --connect-only with --accept-only, before it starts', async () => {
    let started = false;
    const { result } = await collectEvents(gadget, { params: { 'connect-only': 'true', 'accept-only': 'true' }, onStarted: () => (started = true) });
    expect(started).toBe(false);
    expect(result.error?.code).toBe('PARAM_INVALID');
    expect(result.error?.message).toBe('--connect-only and --accept-only exclude each other: give one, or neither for both');
  });

  it('--pid keeps the events of sockets that process owns, even those the kernel reports from softirq', async () => {
    const server = await tcpServer('127.0.0.1', tag('tcpsrv'));
    let c: ClientResult | undefined;
    const only = await trace(
      { pid: String(server.pid) },
      async () => (c = await tcpClient('127.0.0.1', server.port, tag('tcpcli'))),
      (evs) => evs.some((e) => e.type === 'close'),
    );
    await server.stop();
    expect(c!.error).toBe('');
    expect(only.map((e) => e.type)).toEqual(['accept', 'close']);
    expect(only.every((e) => e.pid === server.pid)).toBe(true);
  });
});
