// Who owns a socket: the iter/task_file scan of <gadgetry/socket_owner.h>
// finds the owners of the sockets open now (socketOwners()), and its tracking
// programs those of sockets connected, listened on or accepted afterwards;
// events look the owner up in the kernel and filter on it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Collection, kernelTestGate, prepareKernel } from '@gadgetry/native-bpf';
import { Type } from '@gadgetry/sdk';
import { eventSourceGadget, networkNamespaces, socketOwners } from '../src/index.js';
import { scanFor } from '../src/socketOwners.js';
import { FIXTURE_BUILD } from './buildFixtures.js';
import { gadgetContext } from './fixtures/gadgetContext.js';

const skip = kernelTestGate();
const OBJECT = join(FIXTURE_BUILD, 'socket_owners.bpf.o');
const dir = mkdtempSync(join(tmpdir(), 'socket-owners-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const AF_UNIX = 1;
const AF_INET = 2;
const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;

/**
 * The sockets a process opened itself: inode -> fd, from /proc (what the
 * scan must find). Its stdio (fds 0 to 2) are socket pairs shared with this
 * process, their first owner.
 */
function socketsOf(pid: number): Map<bigint, number> {
  const out = new Map<bigint, number>();
  for (const fd of readdirSync(`/proc/${pid}/fd`).filter((f) => Number(f) > 2)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) out.set(BigInt(m[1]!), Number(fd));
    } catch {
      /* closed meanwhile */
    }
  }
  return out;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/**
 * A process holding a TCP listener (echoing what it is sent), a UDP socket
 * and a unix socket listener; it prints its TCP port once all are open.
 */
async function socketHolder(title: string) {
  const script = `process.title = ${JSON.stringify(title)};
    const net = require('net'), dgram = require('dgram');
    const tcp = net.createServer((s) => s.on('data', (d) => s.write(d)));
    const udp = dgram.createSocket('udp4');
    const unix = net.createServer();
    tcp.listen(0, '127.0.0.1', () => udp.bind(0, '127.0.0.1', () => unix.listen(${JSON.stringify(join(dir, `${title}.sock`))}, () => process.stdout.write(tcp.address().port + "\\n"))));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
  return { pid: child.pid!, port };
}

/** A process that connects to `port`, sends "ping" and exits once it is echoed. */
function pinger(port: number): Promise<number> {
  const child = spawn(process.execPath, ['-e', `process.title = 'pinger'; const c = require('net').connect(${port}, '127.0.0.1', () => c.write('ping')); c.on('data', () => c.end(() => process.exit(0)));`], {
    stdio: 'ignore',
  });
  children.push(child);
  return new Promise((resolve) => child.once('exit', () => resolve(child.pid!)));
}

describe.skipIf(skip)('socketOwners(): the scan', () => {
  let c: Collection;
  beforeAll(() => {
    prepareKernel();
    c = Collection.load(OBJECT);
  });
  afterAll(() => c?.close());

  it('finds the owner of every socket a process holds: pid, comm, fd, family and protocol, by exact inode', async () => {
    const holder = await socketHolder(`so${process.pid % 100000}`);
    const owners = socketOwners(c);
    const held = socketsOf(holder.pid);
    expect(held.size).toBeGreaterThanOrEqual(3);
    for (const [inode, fd] of held) {
      expect(owners.get(inode), `socket:[${inode}]`).toMatchObject({ pid: holder.pid, tid: holder.pid, ppid: process.pid, uid: 0, comm: `so${process.pid % 100000}`, fd, inode });
    }
    const kinds = [...held.keys()].map((i) => [owners.get(i)!.family, owners.get(i)!.protocol]);
    expect(kinds).toEqual(expect.arrayContaining([[AF_INET, IPPROTO_TCP], [AF_INET, IPPROTO_UDP], [AF_UNIX, 0]]));
    expect(typeof owners.get([...held.keys()][0]!)!.inode).toBe('bigint');
    // what the kernel's table holds for a socket is that same owner
    const key = Buffer.alloc(8);
    key.writeBigUInt64LE([...held.keys()][0]!);
    expect(c.map('gadget_socket_owners').lookup(key)!.readUInt32LE(0)).toBe(holder.pid);
  });

  it('given a pid, lists that process\'s sockets only', async () => {
    const holder = await socketHolder(`sp${process.pid % 100000}`);
    const owners = socketOwners(c, { pid: holder.pid });
    expect([...owners.values()].every((o) => o.pid === holder.pid)).toBe(true);
    expect([...owners.keys()]).toEqual(expect.arrayContaining([...socketsOf(holder.pid).keys()]));
  });

  it('says what is missing from an object without the header', () => {
    const plain = Collection.load(join(FIXTURE_BUILD, 'getppid_plain.bpf.o'));
    try {
      expect(() => socketOwners(plain)).toThrow(expect.objectContaining({ code: 'BPF_PROGRAM_NOT_FOUND', message: expect.stringMatching(/include <gadgetry\/socket_owner\.h>/) }));
    } finally {
      plain.close();
    }
  });
});

describe.skipIf(skip)('socket owners in events, kept current while a gadget runs', () => {
  const event = Type.Object({ pid: Type.Integer(), comm: Type.String(), inode: Type.BigInt(), known: Type.Integer() });
  type Ev = { pid: number; comm: string; inode: bigint; known: number };

  async function sends(params: Record<string, unknown>, act: () => Promise<void>) {
    const gadget = eventSourceGadget<Record<string, unknown>, Ev>({ object: OBJECT, struct: 'owner_event', schema: event, socketOwners: true });
    const events: Ev[] = [];
    gadget.init(gadgetContext(params, { traceSelf: false }));
    gadget.setEventHandlerArray((evs) => void events.push(...evs));
    try {
      await gadget.start();
      await act();
      gadget.stop();
    } finally {
      gadget.close();
    }
    return events;
  }

  it('names the owner of sockets opened before the start (the scan) and after it (connect, accept)', async () => {
    const holder = await socketHolder(`sk${process.pid % 100000}`);
    let client = 0;
    const events = await sends({}, async () => {
      client = await pinger(holder.port);
    });
    // the client's socket was connected, the holder's accepted, after the scan
    expect(events.find((e) => e.pid === client)).toMatchObject({ known: 1, comm: 'pinger' });
    expect(events.find((e) => e.pid === holder.pid)).toMatchObject({ known: 1, comm: `sk${process.pid % 100000}` });
  });

  it('filters events by their owner in the kernel: --pid keeps one owner\'s sends', async () => {
    const holder = await socketHolder(`sf${process.pid % 100000}`);
    const events = await sends({ pid: [holder.pid] }, async () => void (await pinger(holder.port)));
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.pid === holder.pid && e.known === 1)).toBe(true);
  });
});

describe('scanFor(): the scan a run needs', () => {
  it('walks the one process a --pid filter names, and every process otherwise', () => {
    expect(scanFor({ common: { pid: [42] } })).toEqual({ pid: 42 });
    expect(scanFor({ common: { pid: [42, 43] } })).toEqual({});
    expect(scanFor({ common: {} })).toEqual({});
    expect(scanFor({})).toEqual({});
  });
});

describe('networkNamespaces()', () => {
  it('lists each namespace once, this process\'s own first', () => {
    const all = networkNamespaces();
    const own = Number(/\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/net'))![1]);
    expect(all[0]).toMatchObject({ inode: own, own: true });
    expect(new Set(all.map((n) => n.inode)).size).toBe(all.length);
    // processes of other sessions come and go: each path still there names its namespace
    for (const n of all) {
      let link: string | undefined;
      try {
        link = readlinkSync(n.path);
      } catch {
        continue;
      }
      expect(link).toBe(`net:[${n.inode}]`);
    }
  });
});
