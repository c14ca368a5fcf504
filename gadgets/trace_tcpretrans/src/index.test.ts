// trace_tcpretrans on the running kernel: in a private network namespace an
// nftables rule drops packets on loopback, and the kernel sends them again.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { collectEvents } from '@gadgetry/runtime';
import gadget, { type TraceTcpretransEvent } from './index.js';
import { ipBytes, networkNamespace } from '../../../packages/shapes/test/fixtures/networkNamespace.js';
import { killPeers } from '../../../packages/shapes/test/fixtures/peerProcesses.js';
import { startTcpClient, tcpClient, tcpServer, type ClientResult, type Server } from '../../../packages/shapes/test/fixtures/tcpPeers.js';

const skip = kernelTestGate();
afterEach(killPeers);

const AF_INET = 2;
const TCP_SYN_SENT = 2;
const TCP_NEW_SYN_RECV = 12;
const DROPPED_PORT = 9;
const tag = (s: string) => `${s}${process.pid % 10000}`;

/** True when process `pid` has a socket in SYN_SENT in namespace `netns` (ss -p names the owner). */
function connecting(netns: string, pid: number): boolean {
  const out = spawnSync('ip', ['netns', 'exec', netns, 'ss', '-Htnp', 'state', 'syn-sent'], { encoding: 'utf8' }).stdout;
  return out.includes(`pid=${pid},`);
}

describe.skipIf(skip)('trace_tcpretrans on the running kernel', () => {
  let ns: ReturnType<typeof networkNamespace>;
  let netns = 0;
  beforeAll(() => {
    ns = networkNamespace(`gadgetry-retrans-${process.pid}`);
    netns = statSync(`/run/netns/${ns.name}`).ino;
    // SYNs to port 9 vanish; one retry only, so a connect gives up after 3 s
    ns.run('nft', `add table inet gadgetry; add chain inet gadgetry out { type filter hook output priority 0 ; } ; add rule inet gadgetry out tcp dport ${DROPPED_PORT} drop`);
    ns.run('sh', '-c', 'echo 1 > /proc/sys/net/ipv4/tcp_syn_retries');
  });
  afterAll(() => ns?.remove());

  async function retransmits(params: Record<string, string>, act: () => Promise<unknown>, done: (evs: TraceTcpretransEvent[]) => boolean) {
    let acted = false;
    const { events, result } = await collectEvents<TraceTcpretransEvent>(gadget, {
      params,
      timeoutMs: 15_000,
      onStarted: async () => {
        await act();
        acted = true;
      },
      until: (evs) => acted && done(evs),
    });
    expect(result.error).toBeUndefined();
    return events.filter((e) => e.netns === netns);
  }

  it('a SYN nobody answers is retransmitted: the 4-tuple, SYN_SENT, and the connecting process', async () => {
    let client: ClientResult | undefined;
    const events = await retransmits({}, async () => (client = await tcpClient('127.0.0.1', DROPPED_PORT, tag('rtcli'), ns.name, 12_000)), () => true);
    expect(client!.error).toBe('ETIMEDOUT');
    // sent at 0 s, again at 1 s, given up at 3 s
    expect(events.length).toBeGreaterThanOrEqual(1);
    for (const e of events) {
      expect(e).toMatchObject({
        type: 'RETRANS',
        state: TCP_SYN_SENT,
        family: AF_INET,
        saddr: ipBytes('127.0.0.1'),
        daddr: ipBytes('127.0.0.1'),
        dport: DROPPED_PORT,
        pid: client!.pid,
        comm: tag('rtcli'),
      });
      expect(e.sport).toBeGreaterThan(0);
    }
    expect(new Set(events.map((e) => e.sport)).size).toBe(1);
  });

  it('a listener whose SYN-ACKs are dropped sends them again: SYNACK, NEW_SYN_RECV, the listener\'s process', async () => {
    const server: Server = await tcpServer('127.0.0.1', tag('rtsrv'), ns.name);
    // dropped as they arrive: a SYN-ACK dropped on its way out is not retransmitted but given up
    ns.run('nft', `add chain inet gadgetry in { type filter hook input priority 0 ; } ; add rule inet gadgetry in tcp sport ${server.port} drop`);
    let client: ClientResult | undefined;
    const events = await retransmits(
      {},
      async () => (client = await tcpClient('127.0.0.1', server.port, tag('rtcli'), ns.name, 12_000)),
      (evs) => evs.some((e) => e.type === 'SYNACK'),
    );
    await server.stop();
    const synacks = events.filter((e) => e.type === 'SYNACK');
    expect(synacks.length).toBeGreaterThanOrEqual(1);
    expect(synacks[0]).toMatchObject({
      state: TCP_NEW_SYN_RECV,
      sport: server.port,
      saddr: ipBytes('127.0.0.1'),
      daddr: ipBytes('127.0.0.1'),
      pid: server.pid,
      comm: tag('rtsrv'),
    });
    // the client's SYN went unanswered too: its own retransmits, by its own process
    expect(events.filter((e) => e.type === 'RETRANS').every((e) => e.pid === client!.pid && e.dport === server.port)).toBe(true);
    expect(synacks[0]!.dport).toBeGreaterThan(0);
    expect(synacks[0]!.dport).not.toBe(server.port);
  });

  it('--pid keeps the retransmits of sockets that process owns, found by the scan at start, in the kernel', async () => {
    // connecting before the run starts (its socket's owner comes from the scan), retrying at 1 s and 3 s
    ns.run('sh', '-c', 'echo 2 > /proc/sys/net/ipv4/tcp_syn_retries');
    const target = startTcpClient('127.0.0.1', DROPPED_PORT, tag('rtone'), ns.name, 12_000);
    for (let i = 0; i < 100 && !connecting(ns.name, target.pid); i++) await new Promise((r) => setTimeout(r, 20));
    expect(connecting(ns.name, target.pid)).toBe(true);
    let other: ClientResult | undefined;
    const events = await retransmits(
      { pid: String(target.pid) },
      async () => {
        other = await tcpClient('127.0.0.1', DROPPED_PORT, tag('rttwo'), ns.name, 12_000);
        await target.done;
      },
      () => true,
    );
    ns.run('sh', '-c', 'echo 1 > /proc/sys/net/ipv4/tcp_syn_retries');
    expect((await target.done).pid).toBe(target.pid);
    expect(other!.error).toBe('ETIMEDOUT');
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events.every((e) => e.pid === target.pid && e.comm === tag('rtone') && e.type === 'RETRANS')).toBe(true);
  });
});
