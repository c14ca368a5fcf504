// Test peers: a small DNS server and resolver clients, each a Node process of
// its own (so its pid is not the runtime's), optionally inside a network
// namespace. Every wait is bounded.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

const live = new Set<ChildProcess>();

/** Kills every peer still running (afterEach). */
export function killPeers(): void {
  for (const c of live) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  live.clear();
}

function node(script: string, netns?: string): ChildProcess {
  const argv = ['-e', script];
  const child = netns ? spawn('ip', ['netns', 'exec', netns, process.execPath, ...argv], { stdio: ['pipe', 'pipe', 'inherit'] }) : spawn(process.execPath, argv, { stdio: ['pipe', 'pipe', 'inherit'] });
  live.add(child);
  return child;
}

function firstLine<T>(child: ChildProcess, ms = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no answer from pid ${child.pid} in ${ms} ms`)), ms);
    child.stdout!.on('data', (d: Buffer) => {
      text += String(d);
      const nl = text.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      resolve(JSON.parse(text.slice(0, nl)) as T);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pid ${child.pid} exited (${code}) before answering`));
    });
  });
}

export interface DnsServer {
  pid: number;
  port: number;
  stop(): Promise<void>;
}

/**
 * A DNS server on udp `host`:`port` (0: any free port) that answers every A
 * question with `address` after `delayMs`, and names under "nx." with NXDOMAIN.
 */
export async function dnsServer(host: string, port: number, address: string, netns?: string, delayMs = 0): Promise<DnsServer> {
  const child = node(
    `const s = require('dgram').createSocket('udp4');
     s.on('message', (q, from) => {
       let end = 12; while (end < q.length && q[end] !== 0) end += q[end] + 1; end += 5;
       const name = []; for (let i = 12; i < end - 5 && q[i]; i += q[i] + 1) name.push(q.subarray(i + 1, i + 1 + q[i]).toString());
       const nx = name[0] === 'nx';
       const head = Buffer.from([q[0], q[1], 0x81, nx ? 0x83 : 0x80, 0, 1, 0, nx ? 0 : 1, 0, 0, 0, 0]);
       const answer = nx ? Buffer.alloc(0) : Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, ...${JSON.stringify(address)}.split('.').map(Number)]);
       setTimeout(() => s.send(Buffer.concat([head, q.subarray(12, end), answer]), from.port, from.address), ${delayMs});
     });
     s.bind(${port}, ${JSON.stringify(host)}, () => console.log(JSON.stringify({ pid: process.pid, port: s.address().port })));
     process.stdin.on('data', () => process.exit(0));`,
    netns,
  );
  const { pid, port: bound } = await firstLine<{ pid: number; port: number }>(child);
  return {
    pid,
    port: bound,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin!.write('stop\n');
      }),
  };
}

export interface Resolved {
  pid: number;
  /** The addresses, or the error code (ECONNREFUSED, ENOTFOUND, ETIMEOUT...). */
  addresses: string[];
  error: string;
}

/** A process named `title` that asks server:port for the A records of `name`, once, and waits up to `timeoutMs`. */
export function resolveA(server: string, port: number, name: string, title: string, netns?: string, timeoutMs = 3000): Promise<Resolved> {
  const child = node(
    `process.title = ${JSON.stringify(title)};
     const r = new (require('dns').Resolver)({ timeout: ${timeoutMs}, tries: 1 });
     r.setServers([${JSON.stringify(`${server}:${port}`)}]);
     r.resolve4(${JSON.stringify(name)}, (err, addresses) => {
       console.log(JSON.stringify({ pid: process.pid, addresses: addresses ?? [], error: err ? err.code : '' }));
       setTimeout(() => process.exit(0), 50);
     });`,
    netns,
  );
  return firstLine<Resolved>(child, timeoutMs + 10_000);
}

/** A private network namespace with loopback up. */
export function networkNamespace(name: string) {
  const ip = (...args: string[]) => {
    const r = spawnSync('ip', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ip ${args.join(' ')} failed: ${r.stderr.trim()}`);
  };
  ip('netns', 'add', name);
  ip('-n', name, 'link', 'set', 'lo', 'up');
  return { name, remove: () => void spawnSync('ip', ['netns', 'delete', name]) };
}

export function ipBytes(address: string): number[] {
  return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...address.split('.').map(Number)];
}
