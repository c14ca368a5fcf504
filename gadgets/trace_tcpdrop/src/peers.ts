// Test peers: TCP servers and clients in processes of their own (so their
// pids are not the runtime's, which the gadget leaves out), on loopback,
// optionally inside a network namespace. Every wait is bounded.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

const live = new Set<ChildProcess>();

/** Kills every peer still running (afterEach). */
export function killPeers(): void {
  for (const c of live) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  live.clear();
}

/** Runs a Node script as its own process, in `netns` when given (`ip netns exec`). */
function node(script: string, netns?: string): ChildProcess {
  const argv = ['-e', script];
  const child = netns ? spawn('ip', ['netns', 'exec', netns, process.execPath, ...argv], { stdio: ['pipe', 'pipe', 'inherit'] }) : spawn(process.execPath, argv, { stdio: ['pipe', 'pipe', 'inherit'] });
  live.add(child);
  return child;
}

/** The first line the process prints, as JSON; rejects after `ms` or when it exits first. */
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

export interface Server {
  pid: number;
  port: number;
  /** Ends the server process; resolves once it exited. */
  stop(): Promise<void>;
}

/**
 * A TCP server named `title` on `host`: it echoes what it is sent and
 * closes each connection when the client closes its end; with `reset`, it
 * answers what it is sent with a reset instead.
 */
export async function tcpServer(host: string, title: string, netns?: string, reset = false): Promise<Server> {
  const answer = reset ? 'c.resetAndDestroy()' : 'c.write(d)';
  const child = node(
    `process.title = ${JSON.stringify(title)};
     const s = require('net').createServer((c) => { c.on('data', (d) => ${answer}); c.on('end', () => c.end()); c.on('error', () => {}); });
     s.listen(0, ${JSON.stringify(host)}, () => console.log(JSON.stringify({ pid: process.pid, port: s.address().port })));
     process.stdin.on('data', () => process.exit(0));`,
    netns,
  );
  const { pid, port } = await firstLine<{ pid: number; port: number }>(child);
  return {
    pid,
    port,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin!.write('stop\n');
      }),
  };
}

export interface ClientResult {
  pid: number;
  /** The client's own port; 0 when it never got one. */
  port: number;
  /** '' when it connected, sent "ping" and got it back; else the error code (ECONNREFUSED, ...). */
  error: string;
}

/** A process named `title` that connects to host:port, sends "ping", waits for it back and closes. */
export function tcpClient(host: string, port: number, title: string, netns?: string, timeoutMs = 10_000): Promise<ClientResult> {
  return startTcpClient(host, port, title, netns, timeoutMs).done;
}

/** tcpClient, with its pid at once (`ip netns exec` runs the command in its own process, without a fork). */
export function startTcpClient(host: string, port: number, title: string, netns?: string, timeoutMs = 10_000): { pid: number; done: Promise<ClientResult> } {
  const child = node(
    `process.title = ${JSON.stringify(title)};
     const c = require('net').connect(${port}, ${JSON.stringify(host)});
     const done = (error) => { console.log(JSON.stringify({ pid: process.pid, port: c.localPort ?? 0, error })); c.destroy(); setTimeout(() => process.exit(0), 50); };
     c.on('connect', () => c.write('ping'));
     c.on('data', () => { const port = c.localPort; c.end(() => { console.log(JSON.stringify({ pid: process.pid, port, error: '' })); setTimeout(() => process.exit(0), 50); }); });
     c.on('error', (e) => done(e.code));`,
    netns,
  );
  return { pid: child.pid!, done: firstLine<ClientResult>(child, timeoutMs) };
}

/** A private network namespace with loopback up, and a way to run a command in it. */
export function networkNamespace(name: string) {
  const ip = (...args: string[]) => {
    const r = spawnSync('ip', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ip ${args.join(' ')} failed: ${r.stderr.trim()}`);
  };
  ip('netns', 'add', name);
  ip('-n', name, 'link', 'set', 'lo', 'up');
  return {
    name,
    /** Runs a command in the namespace, failing the test when it fails. */
    run(cmd: string, ...args: string[]) {
      const r = spawnSync('ip', ['netns', 'exec', name, cmd, ...args], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} in ${name} failed: ${r.stderr.trim()}`);
    },
    remove() {
      spawnSync('ip', ['netns', 'delete', name]);
    },
  };
}

/** 16 bytes of an address as events carry it: IPv6, or IPv4 mapped into ::ffff:0:0/96. */
export function ipBytes(address: string): number[] {
  if (address.includes('.')) return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...address.split('.').map(Number)];
  if (address === '::1') return [...Array(15).fill(0), 1];
  throw new Error(`ipBytes: ${address} is not handled here`);
}
