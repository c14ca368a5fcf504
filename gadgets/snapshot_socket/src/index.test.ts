// snapshot_socket on the running kernel: sockets a child process opened
// (TCP, UDP, unix, here and in another network namespace) are listed with
// that process, the kernel's inode numbers, and only what --proto asks for.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { kernelTestGate, simulateKernel } from '@gadgetry/native-bpf';
import { collectEvents } from '@gadgetry/runtime';
import gadget, { type SnapshotSocketEvent } from './index.js';

const skip = kernelTestGate();
const dir = mkdtempSync(join(tmpdir(), 'snapshot-socket-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

const AF_UNIX = 1;
const AF_INET = 2;
const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;
const TCP_CLOSE = 7;
const TCP_LISTEN = 10;
const LOOPBACK = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1];
const title = `sock${process.pid % 100000}`;
let holders = 0;

interface Holder {
  pid: number;
  tcp: number;
  udp: number;
  path: string;
  abstract: string;
}

/** A process (in `netns`, when given) holding a TCP listener, a UDP socket, and unix listeners on a path and an abstract name. */
async function holder(netns?: string): Promise<Holder> {
  const n = ++holders;
  const path = join(dir, `${title}-${n}.sock`);
  const abstract = `${title}-abstract-${n}`;
  const script = `process.title = ${JSON.stringify(title)};
    const net = require('net'), dgram = require('dgram');
    const tcp = net.createServer(), udp = dgram.createSocket('udp4'), unix = net.createServer(), hidden = net.createServer();
    tcp.listen(0, '127.0.0.1', () => udp.bind(0, '127.0.0.1', () => unix.listen(${JSON.stringify(path)}, () => hidden.listen(${JSON.stringify(`\0${abstract}`)}, () =>
      console.log(JSON.stringify({ pid: process.pid, tcp: tcp.address().port, udp: udp.address().port }))))));`;
  const argv = ['-e', script];
  const child = netns ? spawn('ip', ['netns', 'exec', netns, process.execPath, ...argv], { stdio: ['ignore', 'pipe', 'inherit'] }) : spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const got = await new Promise<{ pid: number; tcp: number; udp: number }>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(JSON.parse(String(d)) as { pid: number; tcp: number; udp: number }));
    child.once('exit', () => reject(new Error('the socket holder exited')));
  });
  return { ...got, path, abstract };
}

/** The inodes of the sockets process `pid` has open, from /proc: with `opened`, only those past its stdio. */
function inodesOf(pid: number, opened = false): bigint[] {
  return readdirSync(`/proc/${pid}/fd`)
    .filter((fd) => !opened || Number(fd) > 2)
    .map((fd) => /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1])
    .filter((i): i is string => i !== undefined)
    .map(BigInt);
}

async function snapshot(params: Record<string, string> = {}) {
  const { events, tables, result } = await collectEvents<SnapshotSocketEvent>(gadget, { params, timeoutMs: 20_000 });
  expect(result.error).toBeUndefined();
  expect(result.reason).toBe('completed');
  expect(tables).toHaveLength(1);
  return events;
}

describe.skipIf(skip)('snapshot_socket on the running kernel', () => {
  it('lists the TCP listener, UDP socket and unix sockets a process opened, with its pid and their inodes', async () => {
    const h = await holder();
    const mine = (await snapshot()).filter((e) => e.pid === h.pid);
    const netns = statSync('/proc/self/ns/net').ino;
    expect(mine.every((e) => e.comm === title && e.ppid === process.pid && e.uid === 0 && e.netns === netns)).toBe(true);
    expect(mine.find((e) => e.protocol === IPPROTO_TCP)).toMatchObject({ family: AF_INET, state: TCP_LISTEN, saddr: LOOPBACK, sport: h.tcp, dport: 0, type: 1 });
    expect(mine.find((e) => e.protocol === IPPROTO_UDP)).toMatchObject({ family: AF_INET, state: TCP_CLOSE, saddr: LOOPBACK, sport: h.udp, type: 2 });
    expect(mine.filter((e) => e.family === AF_UNIX).map((e) => [e.path, e.state, e.protocol])).toEqual(
      expect.arrayContaining([
        [h.path, TCP_LISTEN, 0],
        [`@${h.abstract}`, TCP_LISTEN, 0],
      ]),
    );
    // the inode of every socket it opened, exact (a BigInt); nothing that is not its own (its stdout is a socket too)
    expect(mine.map((e) => e.inode)).toEqual(expect.arrayContaining(inodesOf(h.pid, true)));
    expect(inodesOf(h.pid)).toEqual(expect.arrayContaining(mine.map((e) => e.inode)));
    expect(mine.every((e) => typeof e.inode === 'bigint')).toBe(true);
  });

  it('--proto lists one protocol only', async () => {
    const h = await holder();
    const udp = await snapshot({ proto: 'udp' });
    expect(udp.length).toBeGreaterThan(0);
    expect(udp.every((e) => e.protocol === IPPROTO_UDP)).toBe(true);
    expect(udp.filter((e) => e.pid === h.pid).map((e) => e.sport)).toEqual([h.udp]);
    const unix = await snapshot({ proto: 'unix' });
    expect(unix.every((e) => e.family === AF_UNIX)).toBe(true);
    expect(unix.filter((e) => e.pid === h.pid && e.path !== '')).toHaveLength(2);
    const tcp = await snapshot({ proto: 'tcp' });
    expect(tcp.every((e) => e.protocol === IPPROTO_TCP)).toBe(true);
    expect(tcp.filter((e) => e.pid === h.pid).map((e) => e.sport)).toEqual([h.tcp]);
  });

  it('--pid keeps that process\'s sockets, in the kernel', async () => {
    const h = await holder();
    await holder(); // another process with the same sockets
    const rows = await snapshot({ pid: String(h.pid) });
    expect(rows.length).toBeGreaterThanOrEqual(inodesOf(h.pid, true).length);
    expect(rows.every((e) => e.pid === h.pid)).toBe(true);
    expect(inodesOf(h.pid)).toEqual(expect.arrayContaining(rows.map((e) => e.inode)));
  });

  it('on a kernel without the unix socket iterator (before 5.17), says so once and lists TCP and UDP', async () => {
    const h = await holder();
    const restore = simulateKernel({ missingHooks: ['iter/unix'] });
    try {
      const { events, logs, result } = await collectEvents<SnapshotSocketEvent>(gadget, { params: { pid: String(h.pid) } });
      expect(result.error).toBeUndefined();
      expect(logs.filter((l) => l.startsWith('warn:'))).toEqual(['warn: snapshot_socket: listing unix sockets is not traced: BPF iterator unix does not exist on this kernel (added in 5.17)']);
      expect(events.map((e) => e.protocol).sort((a, b) => a - b)).toEqual([IPPROTO_TCP, IPPROTO_UDP]);
    } finally {
      restore();
    }
  });

  it('lists the sockets of other network namespaces, each with its namespace', async () => {
    const name = `gadgetry-snap-${process.pid}`;
    expect(spawnSync('ip', ['netns', 'add', name]).status).toBe(0);
    try {
      spawnSync('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
      const h = await holder(name);
      const mine = (await snapshot({ pid: String(h.pid) })).filter((e) => e.family !== AF_UNIX);
      expect(mine.map((e) => [e.protocol, e.sport, e.netns]).sort()).toEqual(
        [
          [IPPROTO_TCP, h.tcp, statSync(`/run/netns/${name}`).ino],
          [IPPROTO_UDP, h.udp, statSync(`/run/netns/${name}`).ino],
        ].sort(),
      );
    } finally {
      for (const c of children.splice(0)) c.kill('SIGKILL');
      spawnSync('ip', ['netns', 'delete', name]);
    }
  });
});
