// trace_tcpdrop on the running kernel, in a private network namespace: an
// nftables rule drops SYNs on loopback, and a closed port answers with a reset.
import { readFileSync, statSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { collectEvents } from '@gadgetry/runtime';
import gadget, { type TraceTcpdropEvent } from './index.js';
import { ipBytes, networkNamespace } from '../../../packages/shapes/test/fixtures/networkNamespace.js';
import { killPeers } from '../../../packages/shapes/test/fixtures/peerProcesses.js';
import { tcpClient, tcpServer, type ClientResult } from '../../../packages/shapes/test/fixtures/tcpPeers.js';

const skip = kernelTestGate();
afterEach(killPeers);

const TCP_SYN_SENT = 2;
const SYN = 2;
const DROPPED_PORT = 9;
const tag = (s: string) => `${s}${process.pid % 10000}`;

/** The running kernel's value of a drop reason, from the names tracefs prints for kfree_skb. */
function dropReason(name: string): number {
  const format = readFileSync('/sys/kernel/tracing/events/skb/kfree_skb/format', 'utf8');
  const m = new RegExp(`\\{ (\\d+), "${name}" \\}`).exec(format);
  if (!m) throw new Error(`kfree_skb's format names no drop reason ${name}`);
  return Number(m[1]);
}

describe.skipIf(skip)('trace_tcpdrop on the running kernel', () => {
  let ns: ReturnType<typeof networkNamespace>;
  let netns = 0;
  beforeAll(() => {
    ns = networkNamespace(`gadgetry-drop-${process.pid}`);
    netns = statSync(`/run/netns/${ns.name}`).ino;
    ns.run('nft', `add table inet gadgetry; add chain inet gadgetry out { type filter hook output priority 0 ; } ; add rule inet gadgetry out tcp dport ${DROPPED_PORT} drop`);
    ns.run('sh', '-c', 'echo 1 > /proc/sys/net/ipv4/tcp_syn_retries');
  });
  afterAll(() => ns?.remove());

  async function drops(act: () => Promise<unknown>, done: (evs: TraceTcpdropEvent[]) => boolean) {
    let acted = false;
    const { events, result } = await collectEvents<TraceTcpdropEvent>(gadget, {
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

  it('SYNs a firewall rule drops: NETFILTER_DROP, the 4-tuple, SYN_SENT and the connecting process', async () => {
    let client: ClientResult | undefined;
    const events = await drops(async () => (client = await tcpClient('127.0.0.1', DROPPED_PORT, tag('dropcli'), ns.name, 12_000)), () => true);
    expect(client!.error).toBe('ETIMEDOUT');
    // the SYN, and its retry a second later
    expect(events.length).toBeGreaterThanOrEqual(2);
    for (const e of events) {
      expect(e).toMatchObject({
        type: 'DROP',
        reason: dropReason('NETFILTER_DROP'),
        state: TCP_SYN_SENT,
        saddr: ipBytes('127.0.0.1'),
        daddr: ipBytes('127.0.0.1'),
        dport: DROPPED_PORT,
        tcpflags: SYN,
        pid: client!.pid,
        comm: tag('dropcli'),
      });
    }
    expect(new Set(events.map((e) => e.sport)).size).toBe(1);
  });

  it('a SYN to a closed port: a NO_SOCKET drop without an owner, and the reset sent back', async () => {
    const gone = await tcpServer('127.0.0.1', tag('dropgone'), ns.name);
    await gone.stop();
    let client: ClientResult | undefined;
    const events = await drops(
      async () => (client = await tcpClient('127.0.0.1', gone.port, tag('dropref'), ns.name)),
      (evs) => evs.some((e) => e.type === 'RESET'),
    );
    expect(client!.error).toBe('ECONNREFUSED');
    const drop = events.find((e) => e.type === 'DROP' && e.dport === gone.port);
    expect(drop).toMatchObject({ reason: dropReason('NO_SOCKET'), state: 0, pid: 0, tcpflags: SYN, saddr: ipBytes('127.0.0.1'), daddr: ipBytes('127.0.0.1') });
    const reset = events.find((e) => e.type === 'RESET');
    // from the closed port back to the client's
    expect(reset).toMatchObject({ reason: 0, sport: gone.port, dport: drop!.sport, saddr: ipBytes('127.0.0.1'), daddr: ipBytes('127.0.0.1') });
  });
});
