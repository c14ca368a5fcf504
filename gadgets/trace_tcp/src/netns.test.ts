// Failed connects that need a network of their own: a SYN nobody answers
// (an nftables rule drops it) and a destination with no route, in a private
// network namespace the test creates and removes.
import { statSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { collectEvents } from '@gadgetry/runtime';
import gadget, { type TraceTcpEvent } from './index.js';
import { ipBytes, networkNamespace } from '../../../packages/shapes/test/fixtures/networkNamespace.js';
import { killPeers } from '../../../packages/shapes/test/fixtures/peerProcesses.js';
import { tcpClient, type ClientResult } from '../../../packages/shapes/test/fixtures/tcpPeers.js';

const skip = kernelTestGate();
afterEach(killPeers);

const ENETUNREACH = 101;
const ETIMEDOUT = 110;
const DROPPED_PORT = 9;

describe.skipIf(skip)('trace_tcp: connects that fail without a peer', () => {
  let ns: ReturnType<typeof networkNamespace>;
  beforeAll(() => {
    ns = networkNamespace(`gadgetry-tcp-${process.pid}`);
    // every SYN to port 9 vanishes; one retry only, so connect() gives up after 3 s
    ns.run('nft', `add table inet gadgetry; add chain inet gadgetry out { type filter hook output priority 0 ; } ; add rule inet gadgetry out tcp dport ${DROPPED_PORT} drop`);
    ns.run('sh', '-c', 'echo 1 > /proc/sys/net/ipv4/tcp_syn_retries');
  });
  afterAll(() => ns?.remove());

  async function failedConnect(host: string, port: number) {
    let client: ClientResult | undefined;
    const { events, result } = await collectEvents<TraceTcpEvent>(gadget, {
      params: { 'failure-only': 'true' },
      timeoutMs: 15_000,
      onStarted: async () => void (client = await tcpClient(host, port, `tcpns${process.pid % 10000}`, ns.name, 12_000)),
      until: (evs) => client !== undefined && evs.some((e) => e.pid === client!.pid),
    });
    expect(result.error).toBeUndefined();
    return { client: client!, events: events.filter((e) => e.pid === client!.pid) };
  }

  it('a SYN that is never answered is a failed connect with ETIMEDOUT, in the namespace it happened in', async () => {
    const { client, events } = await failedConnect('127.0.0.1', DROPPED_PORT);
    expect(client.error).toBe('ETIMEDOUT');
    expect(events).toEqual([
      expect.objectContaining({ type: 'connect', error: ETIMEDOUT, saddr: ipBytes('127.0.0.1'), daddr: ipBytes('127.0.0.1'), dport: DROPPED_PORT }),
    ]);
    expect(events[0]!.sport).toBeGreaterThan(0); // given back by the kernel by then: kept by the socket
    // the namespace's file (a bind mount of it) has the namespace's inode number
    expect(events[0]!.netns).toBe(statSync(`/run/netns/${ns.name}`).ino);
  });

  it('a destination without a route is a failed connect with ENETUNREACH, seen as connect() returns', async () => {
    const { client, events } = await failedConnect('10.255.255.1', 80);
    expect(client.error).toBe('ENETUNREACH');
    expect(events).toEqual([expect.objectContaining({ type: 'connect', error: ENETUNREACH, daddr: ipBytes('10.255.255.1'), dport: 80, comm: `tcpns${process.pid % 10000}` })]);
  });
});
