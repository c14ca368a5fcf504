// top_tcp on the running kernel: a known number of bytes crosses loopback
// between two processes of their own, and the interval tables add up to it.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { kernelTestGate, simulateKernel } from '@gadgetry/native-bpf';
import { collectEvents, runGadget } from '@gadgetry/runtime';
import builtinOperators from '@gadgetry/operators';
import topTcp, { type TopTcpEvent } from './index.js';

const skip = kernelTestGate();
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});
const LOOPBACK = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1];

/** Runs `script` as a process named `title`; resolves with the JSON line it prints first. */
function node<T>(title: string, script: string, ms = 15_000): { pid: number; answer: Promise<T> } {
  const child = spawn(process.execPath, ['-e', `process.title = ${JSON.stringify(title)}; ${script}`], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const answer = new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${title} did not answer in ${ms} ms`)), ms);
    child.stdout!.once('data', (d: Buffer) => (clearTimeout(timer), resolve(JSON.parse(String(d)) as T)));
    child.once('exit', () => (clearTimeout(timer), reject(new Error(`${title} exited before answering`))));
  });
  return { pid: child.pid!, answer };
}

/** A server that counts what it receives, and prints it once the sender closed; then its port. */
async function sink() {
  const s = node<{ port: number }>(
    `tcpsink${process.pid % 1000}`,
    `let n = 0; const srv = require('net').createServer((c) => { c.on('data', (d) => (n += d.length)); c.on('end', () => { console.log(JSON.stringify({ received: n })); process.exit(0); }); });
     srv.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: srv.address().port }) + '\\n', () => process.stdout.once('drain', () => {})));`,
  );
  const { port } = await s.answer;
  return { pid: s.pid, port, child: children[children.length - 1]! };
}

/** A client that sends `bytes` to port in 64 KiB writes, closes, and prints its own port. */
function source(port: number, bytes: number) {
  return node<{ port: number; sent: number }>(
    `tcpsrc${process.pid % 1000}`,
    `let own = 0; const c = require('net').connect(${port}, '127.0.0.1', () => {
       own = c.localPort; const chunk = Buffer.alloc(65536, 7); let left = ${bytes};
       const more = () => { while (left > 0) { const n = Math.min(left, chunk.length); left -= n; if (!c.write(chunk.subarray(0, n))) return c.once('drain', more); } c.end(); };
       more(); });
     c.on('close', () => { console.log(JSON.stringify({ port: own, sent: c.bytesWritten })); process.exit(0); });`,
  );
}

describe.skipIf(skip)('top_tcp on the running kernel', () => {
  it('the bytes of a loopback transfer of known size, per process and connection, add up over the intervals within 5%', async () => {
    const bytes = 8 * 1024 * 1024;
    const server = await sink();
    const tables: TopTcpEvent[][] = [];
    const run = runGadget<TopTcpEvent>(topTcp, { params: { interval: '0.2' }, timeoutMs: 30_000 });
    run.on('events', (batch, info) => void (info.table && tables.push(batch)));
    await Promise.race([new Promise<void>((r) => run.once('started', () => r())), run.done]);
    const client = source(server.port, bytes);
    const sent = await client.answer;
    await new Promise((r) => setTimeout(r, 500)); // two more intervals: the last bytes were swapped out and read
    run.stop();
    expect((await run.done).error).toBeUndefined();
    expect(sent.sent).toBe(bytes);

    const rows = tables.flat();
    const ofClient = rows.filter((r) => r.pid === client.pid);
    const ofServer = rows.filter((r) => r.pid === server.pid);
    const sum = (rs: TopTcpEvent[], k: 'sent' | 'received') => rs.reduce((n, r) => n + r[k], 0);
    expect(Math.abs(sum(ofClient, 'sent') - bytes)).toBeLessThanOrEqual(bytes * 0.05);
    expect(Math.abs(sum(ofServer, 'received') - bytes)).toBeLessThanOrEqual(bytes * 0.05);
    expect(sum(ofClient, 'received')).toBe(0);
    // one connection each, seen from its own end
    expect(ofClient.every((r) => r.sport === sent.port && r.dport === server.port && r.family === 2)).toBe(true);
    expect(ofServer.every((r) => r.sport === server.port && r.dport === sent.port)).toBe(true);
    expect(ofClient[0]).toMatchObject({ saddr: LOOPBACK, daddr: LOOPBACK, comm: `tcpsrc${process.pid % 1000}`, uid: 0 });
  });

  it('sorts each table by --sort and trims it to --max-rows', async () => {
    const servers = [await sink(), await sink(), await sink()];
    let done = false;
    let asked = 0;
    const { tables, result } = await collectEvents<TopTcpEvent>(topTcp, {
      params: { interval: '0.3', pid: servers.map((s) => s.pid).join(','), sort: '-received', 'max-rows': '2' },
      operators: builtinOperators,
      timeoutMs: 10_000,
      onStarted: async () => {
        // three connections at once, of different sizes
        await Promise.all(servers.map((s, i) => source(s.port, (i + 1) * 2 * 1024 * 1024).answer));
        done = true;
      },
      // stops at the first table after the transfers ended (until is asked once as they end, then per table)
      until: () => done && ++asked > 1,
    });
    expect(result.error).toBeUndefined();
    const busy = tables.filter((t) => t.length > 0);
    expect(busy.length).toBeGreaterThan(0);
    for (const t of busy) {
      expect(t.length).toBeLessThanOrEqual(2);
      expect(t.map((r) => r.received)).toEqual([...t.map((r) => r.received)].sort((a, b) => b - a));
    }
    expect(busy.some((t) => t.length === 2)).toBe(true);
  });

  it('on a kernel without sock_send_length says which hook is missing and which Linux has it', async () => {
    const restore = simulateKernel({ missingHooks: ['tp_btf/sock_send_length'] });
    try {
      const { result } = await collectEvents(topTcp, { params: { interval: '0.5' }, timeoutMs: 5_000 });
      expect(result.error?.code).toBe('BPF_HOOK_MISSING');
      expect(result.error?.message).toMatch(
        /program on_send \(tp_btf\/sock_send_length\) cannot run on this kernel: BTF tracepoint sock_send_length does not exist on this kernel \(added in Linux 6\.3; this kernel is /,
      );
    } finally {
      restore();
    }
  });
});
