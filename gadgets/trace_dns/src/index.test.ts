// trace_dns on the running kernel: a DNS server and resolvers in processes of
// their own, inside a network namespace this test creates (port 53 there is
// ours alone), seen through the packet socket trace_dns opens in it.
import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { collectEvents } from '@gadgetry/runtime';
import gadget, { type TraceDnsEvent } from './index.js';
import { dnsServer, resolveA, type DnsServer, type Resolved } from '../../../packages/shapes/test/fixtures/dnsPeers.js';
import { ipBytes, networkNamespace } from '../../../packages/shapes/test/fixtures/networkNamespace.js';
import { killPeers } from '../../../packages/shapes/test/fixtures/peerProcesses.js';

const skip = kernelTestGate();
afterEach(killPeers);
const tag = (s: string) => `${s}${process.pid % 100000}`;

async function trace(params: Record<string, string>, act: () => Promise<unknown>, done: (evs: TraceDnsEvent[]) => boolean, timeoutMs = 15_000) {
  let acted = false;
  const { events, result } = await collectEvents<TraceDnsEvent>(gadget, {
    params,
    timeoutMs,
    onStarted: async () => {
      await act();
      acted = true;
    },
    until: (evs) => acted && done(evs),
  });
  expect(result.error).toBeUndefined();
  return events;
}

describe.skipIf(skip)('trace_dns on the running kernel', () => {
  let ns: ReturnType<typeof networkNamespace>;
  let server: DnsServer;
  let resident: ChildProcess | undefined;
  beforeAll(async () => {
    ns = networkNamespace(`gadgetry-dns-${process.pid}`);
    // trace_dns reads the namespaces some process is in: one stays in it throughout
    resident = spawn('ip', ['netns', 'exec', ns.name, 'sleep', '600'], { stdio: 'ignore' });
  });
  afterAll(() => {
    resident?.kill('SIGKILL');
    ns?.remove();
  });

  it('a query and its response: name, type, answer, latency, and the process that asked', async () => {
    server = await dnsServer('127.0.0.1', 53, '10.1.2.3', ns.name, 30);
    let client: Resolved | undefined;
    const events = await trace(
      {},
      async () => (client = await resolveA('127.0.0.1', 53, 'www.example.test', tag('dnscli'), ns.name)),
      (evs) => evs.some((e) => e.type === 'response' && e.name === 'www.example.test'),
    );
    await server.stop();
    expect(client!.addresses).toEqual(['10.1.2.3']);
    const mine = events.filter((e) => e.name === 'www.example.test');
    expect(mine.map((e) => e.type)).toEqual(['query', 'response']);
    const [query, response] = mine as [TraceDnsEvent, TraceDnsEvent];
    const netns = statSync(`/run/netns/${ns.name}`).ino;
    expect(query).toMatchObject({ pid: client!.pid, comm: tag('dnscli'), qtype: 'A', rcode: '', answers: '', latency: 0, netns, daddr: ipBytes('127.0.0.1'), dport: 53 });
    expect(response).toMatchObject({ pid: client!.pid, comm: tag('dnscli'), id: query.id, qtype: 'A', rcode: 'NOERROR', answers: '10.1.2.3', netns, sport: 53, dport: query.sport });
    // the server waits 30 ms before it answers
    expect(response.latency).toBeGreaterThanOrEqual(30e6);
    expect(response.latency).toBeLessThan(5e9);
    expect(response.latency).toBe(response.timestamp - query.timestamp);
  });

  it('a query nobody answers is reported unanswered after --timeout-ms', async () => {
    let client: Resolved | undefined;
    const started = Date.now();
    let seenAt = 0;
    const events = await trace(
      { 'timeout-ms': '300' },
      async () => (client = await resolveA('127.0.0.1', 53, 'lost.example.test', tag('dnsnone'), ns.name, 1500)),
      (evs) => {
        const done = evs.some((e) => e.type === 'unanswered' && e.name === 'lost.example.test');
        if (done && !seenAt) seenAt = Date.now();
        return done;
      },
    );
    expect(client!.error).not.toBe('');
    const mine = events.filter((e) => e.name === 'lost.example.test' && e.pid === client!.pid);
    expect(mine.map((e) => e.type)).toEqual(['query', 'unanswered']);
    expect(mine[1]).toMatchObject({ id: mine[0]!.id, qtype: 'A', comm: tag('dnsnone'), timestamp: mine[0]!.timestamp });
    expect(mine[1]!.latency).toBeGreaterThanOrEqual(300e6);
    expect(mine[1]!.latency).toBeLessThan(3e9);
    expect(seenAt - started).toBeGreaterThanOrEqual(300);
  });

  it('--name keeps the queries for that name and its subdomains only; NXDOMAIN is the response code', async () => {
    server = await dnsServer('127.0.0.1', 53, '10.9.9.9', ns.name);
    const pids: number[] = [];
    const events = await trace(
      { name: 'wanted.test' },
      async () => {
        for (const n of ['other.test', 'a.wanted.test', 'nx.wanted.test']) pids.push((await resolveA('127.0.0.1', 53, n, tag('dnsname'), ns.name)).pid);
      },
      (evs) => evs.some((e) => e.name === 'nx.wanted.test' && e.type === 'response'),
    );
    await server.stop();
    const mine = events.filter((e) => pids.includes(e.pid));
    expect(mine.map((e) => [e.type, e.name, e.rcode, e.answers])).toEqual([
      ['query', 'a.wanted.test', '', ''],
      ['response', 'a.wanted.test', 'NOERROR', '10.9.9.9'],
      ['query', 'nx.wanted.test', '', ''],
      ['response', 'nx.wanted.test', 'NXDOMAIN', ''],
    ]);
  });

  it('refuses bad params with one line, before it starts', async () => {
    for (const [params, message] of [
      [{ ports: '53,x' }, '--ports "53,x": "x" is not a port; give ports from 1 to 65535, comma-separated (e.g. 53,5353)'],
      [{ ports: '1,2,3,4,5,6,7,8,9' }, '--ports "1,2,3,4,5,6,7,8,9": at most 8 ports'],
      [{ name: 'bad name' }, '--name "bad name" is not a DNS name; give names like example.com (comma-separated), each matching itself and its subdomains'],
    ] as const) {
      let started = false;
      const { result } = await collectEvents(gadget, { params, onStarted: () => void (started = true) });
      expect(started).toBe(false);
      expect(result.error?.code).toBe('PARAM_INVALID');
      expect(result.error?.message).toBe(message);
    }
  });
});
