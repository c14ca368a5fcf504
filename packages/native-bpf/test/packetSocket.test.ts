// Packet sockets opened inside a network namespace this test creates: a
// socket filter picks the packets, they come back in batches with their
// direction and time, and what the receive buffer cannot hold is counted.
import { spawnSync } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collection, PacketSocket, PacketType, kernelTestGate, type Packet } from '../src/index.js';
import { FIXTURE_BUILD } from './buildFixtures.js';

const skip = kernelTestGate();
const OBJECT = join(FIXTURE_BUILD, 'packets.bpf.o');
const ETH_P_IP = 0x0800;
const LOOPBACK = 1;

const name = `gadgetry-pkt-${process.pid}`;
const path = `/run/netns/${name}`;
const owned: { close(): void }[] = [];
const own = <T extends { close(): void }>(x: T) => (owned.push(x), x);

/** Sends `count` UDP datagrams of `size` bytes to 127.0.0.1:port from a process inside `netns` (or here). */
function sendUdp(port: number, count: number, size: number, netns?: string): void {
  const script = `const s = require('dgram').createSocket('udp4'); let n = 0;
    const next = () => n++ < ${count} ? s.send(Buffer.alloc(${size}, 120), ${port}, '127.0.0.1', next) : s.close();
    next();`;
  const argv = netns ? ['ip', 'netns', 'exec', netns, process.execPath, '-e', script] : [process.execPath, '-e', script];
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 10_000 });
  expect(r.status, r.stderr).toBe(0);
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
}

const uptimeNs = () => Number(spawnSync('cat', ['/proc/uptime'], { encoding: 'utf8' }).stdout.split(' ')[0]) * 1e9;

describe.skipIf(skip)('packet sockets in a network namespace', () => {
  beforeAll(() => {
    expect(spawnSync('ip', ['netns', 'add', name]).status).toBe(0);
    expect(spawnSync('ip', ['-n', name, 'link', 'set', 'lo', 'up']).status).toBe(0);
  });
  afterAll(() => {
    for (const o of owned.splice(0)) o.close();
    spawnSync('ip', ['netns', 'delete', name]);
  });

  function open(port: number, options: ConstructorParameters<typeof PacketSocket>[0] = {}, globals: Record<string, number> = {}) {
    const c = own(Collection.load(OBJECT, { globals: { target_port: port, ...globals } }));
    const sock = own(new PacketSocket({ netns: path, ...options }));
    sock.attachFilter(c, 'udp_to_port');
    const packets: Packet[] = [];
    sock.start((batch) => packets.push(...batch.map((p) => ({ ...p, data: Buffer.from(p.data) }))));
    return { sock, packets };
  }

  it('sees the datagrams the filter keeps, sent inside the namespace, in both directions, and leaves every thread where it was', async () => {
    const port = 40000 + (process.pid % 20000);
    const before = Number(uptimeNs());
    const { sock, packets } = open(port);
    sendUdp(port, 3, 10, name);
    sendUdp(port, 3, 10); // the host's namespace: not this socket's
    sendUdp(port + 1, 3, 10, name); // another port: the filter drops it
    await until(() => packets.length >= 6);
    await new Promise((r) => setTimeout(r, 100));
    expect(packets).toHaveLength(6);
    // loopback: each datagram leaves (OUTGOING) and arrives (HOST)
    expect(packets.map((p) => p.type).sort()).toEqual([PacketType.HOST, PacketType.HOST, PacketType.HOST, PacketType.OUTGOING, PacketType.OUTGOING, PacketType.OUTGOING]);
    for (const p of packets) {
      expect(p).toMatchObject({ protocol: ETH_P_IP, ifindex: LOOPBACK, wireLength: 38 });
      expect(p.data).toHaveLength(38); // IPv4 20 + UDP 8 + 10
      expect(p.data[0]! >> 4).toBe(4);
      expect(p.data.readUInt16BE(22)).toBe(port);
      expect(p.data.subarray(28).toString()).toBe('x'.repeat(10));
      expect(p.timestamp).toBeGreaterThan(before - 1e9); // since boot, like BPF events
      expect(p.timestamp).toBeLessThan(uptimeNs() + 1e9);
    }
    expect(sock.stats()).toEqual({ received: 6, drops: 0, truncated: 0 });
    const host = readlinkSync('/proc/self/ns/net');
    for (const tid of readdirSync('/proc/self/task')) expect(readlinkSync(`/proc/self/task/${tid}/ns/net`)).toBe(host);
  });

  it('cuts packets at the snap length and counts them', async () => {
    const port = 41000 + (process.pid % 20000);
    const { sock, packets } = open(port, { snapLen: 64 });
    sendUdp(port, 1, 200, name);
    await until(() => packets.length >= 2);
    expect(packets.map((p) => [p.data.length, p.wireLength])).toEqual([
      [64, 228],
      [64, 228],
    ]);
    expect(sock.stats().truncated).toBe(2);
  });

  it('counts what a small receive buffer could not hold while reading was paused', async () => {
    const port = 42000 + (process.pid % 20000);
    const { sock, packets } = open(port, { bufferBytes: 4096, maxBatch: 16 });
    sock.pause();
    sendUdp(port, 300, 500, name);
    sock.drain();
    sock.resume();
    await new Promise((r) => setTimeout(r, 100));
    const { received, drops } = sock.stats();
    expect(drops).toBeGreaterThan(0);
    expect(received).toBe(packets.length);
    expect(received + drops).toBe(600);
    sock.close();
    expect(sock.closed).toBe(true);
    expect(sock.stats().drops).toBe(drops); // still answers after close
    expect(() => sock.drain()).toThrow(expect.objectContaining({ code: 'BPF_OBJECT_CLOSED' }));
  });

  it('says which namespace it could not open or enter, with its own code', () => {
    expect(() => new PacketSocket({ netns: '/proc/999999999/ns/net' })).toThrow(
      expect.objectContaining({ code: 'PACKET_NETNS_FAILED', errno: 2, message: expect.stringMatching(/^cannot open network namespace \/proc\/999999999\/ns\/net to open a packet socket there: No such file or directory/) }),
    );
    expect(() => new PacketSocket({ netns: '/proc/self/ns/mnt' })).toThrow(expect.objectContaining({ code: 'PACKET_NETNS_FAILED', errno: 22 }));
    expect(() => new PacketSocket({ netns: 999_999 })).toThrow(expect.objectContaining({ code: 'PACKET_NETNS_FAILED', errno: 9, message: expect.stringMatching(/^cannot enter network namespace fd 999999 to open a packet socket there/) }));
    expect(() => new PacketSocket({ netns: '' })).toThrow(/^new PacketSocket\(options\): options\.netns must be a namespace file path or an fd$/);
    expect(() => new PacketSocket({ snapLen: 65535, maxBatch: 4096 })).toThrow(RangeError);
  });
});
