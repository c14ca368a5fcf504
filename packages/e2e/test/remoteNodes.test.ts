import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { GADGETRY, startAgent, type AgentProcess } from './fixtures/agentProcess.js';
import { privateNetwork, type PrivateNetwork } from './fixtures/privateNetwork.js';
import { makeCa, makeCert, type CertFiles } from './fixtures/testCertificates.js';
import { ROOT } from './fixtures/workspace.js';

const skip = kernelTestGate();
const PORT = 7411;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Client {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function gadgetry(args: string[]): Client {
  const env = { ...process.env };
  delete env.GADGETRY_PATH;
  const child = spawn(process.execPath, [GADGETRY, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return { child, stdout: () => out, stderr: () => err, exited: new Promise((res) => child.on('close', (code) => res(code))) };
}

/** The (node, marker) pairs among the JSON events: a marker is the unique argument /bin/true was started with. */
function seen(stdout: string, markers: string[]): Set<string> {
  const pairs = new Set<string>();
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const e = JSON.parse(line) as { node?: string; args?: string[] };
    for (const m of markers) if (e.args?.includes(m) && e.node) pairs.add(`${e.node} ${m}`);
  }
  return pairs;
}

describe.skipIf(skip)('gadgetry run --remote: three agents in their own network namespaces, over mutual TLS', () => {
  let dir: string;
  let network: PrivateNetwork | undefined;
  const agents: AgentProcess[] = [];
  let ca: CertFiles;
  let client: CertFiles;
  let rogue: CertFiles;
  const nodes = ['node-a', 'node-b', 'node-c'];
  let addresses: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gadgetry-remote-nodes-'));
    network = privateNetwork(3);
    ca = makeCa(dir, 'agents-ca');
    client = makeCert(dir, ca, 'client', 'client');
    const otherCa = makeCa(dir, 'other-ca');
    rogue = makeCert(dir, otherCa, 'rogue', 'client');
    addresses = network.hosts.map((h) => `${h.address}:${PORT}`);
    for (const [i, host] of network.hosts.entries()) {
      const cert = makeCert(dir, ca, nodes[i]!, { server: host.address });
      const args = ['--listen', addresses[i]!, '--tls-cert', cert.cert, '--tls-key', cert.key, '--tls-client-ca', ca.cert, '--node-name', nodes[i]!];
      agents.push(await startAgent(args, host.netns));
    }
  }, 60_000);

  afterAll(async () => {
    for (const a of agents) {
      a.child.kill('SIGKILL');
      await a.exited;
    }
    network?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts /bin/true with `marker` inside each host's namespace, until `done` or 20 s. */
  async function execUntil(hosts: number[], markers: string[], done: () => boolean): Promise<void> {
    const end = Date.now() + 20_000;
    while (!done() && Date.now() < end) {
      for (const i of hosts) execFileSync('ip', ['netns', 'exec', network!.hosts[i]!.netns, '/bin/true', markers[i]!]);
      await sleep(300);
    }
  }

  it('tags each node\'s events with its node, reports a killed agent in one line, and the other nodes go on', { timeout: 90_000 }, async () => {
    const tls = ['--tls-ca', ca.cert, '--tls-cert', client.cert, '--tls-key', client.key];
    const run = gadgetry(['run', '--remote', addresses.join(','), ...tls, 'trace_exec', '-o', 'json']);
    try {
      const tag = Math.random().toString(36).slice(2, 8);
      // every agent sees every exec on this kernel: each node must report each namespace's marker, tagged with itself
      const first = nodes.map((_, i) => `gdg-mark-${tag}-1-${i}`);
      const all = nodes.flatMap((n) => first.map((m) => `${n} ${m}`));
      await execUntil([0, 1, 2], first, () => all.every((p) => seen(run.stdout(), first).has(p)));
      expect([...seen(run.stdout(), first)].sort()).toEqual(all.sort());

      // one agent dies mid-run
      agents[2]!.child.kill('SIGKILL');
      await agents[2]!.exited;
      const second = nodes.map((_, i) => `gdg-mark-${tag}-2-${i}`);
      const live = nodes.slice(0, 2).flatMap((n) => second.slice(0, 2).map((m) => `${n} ${m}`));
      await execUntil([0, 1], second, () => live.every((p) => seen(run.stdout(), second).has(p)));
      expect([...seen(run.stdout(), second)].sort()).toEqual(live.sort());
      const aboutC = run.stderr().split('\n').filter((l) => l.includes('node-c') && /^(warn|error):/.test(l));
      expect(aboutC).toHaveLength(1);
      expect(aboutC[0]).toMatch(/^warn: node node-c: .*lost mid-run.*the other nodes go on/);
      expect(aboutC[0]).toContain('REMOTE_NODE_LOST');
    } finally {
      run.child.kill('SIGINT');
    }
    expect(await run.exited).toBe(0);
    // -o json: the summary is one JSON object; the run went on, so it did not fail
    expect(run.stderr()).toMatch(/^\{"summary":\{"gadget":"trace_exec","ended":"stopped","events":\d+/m);
  });

  it('lists and describes through an agent with the node first', async () => {
    const tls = ['--tls-ca', ca.cert, '--tls-cert', client.cert, '--tls-key', client.key];
    const r = spawnSync(process.execPath, [GADGETRY, 'list', '--remote', addresses[0]!, ...tls], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^NODE +NAME/);
    expect(r.stdout).toMatch(/^node-a +trace_exec /m);
    const d = spawnSync(process.execPath, [GADGETRY, 'describe', '--remote', addresses[1]!, ...tls, 'trace_exec'], { cwd: ROOT, encoding: 'utf8' });
    expect(d.status).toBe(0);
    expect(d.stdout).toMatch(/^ {2}node +string/m);
  });

  it('refuses a client whose certificate another CA signed, and a plaintext client', async () => {
    const wrong = spawnSync(process.execPath, [GADGETRY, 'list', '--remote', addresses[0]!, '--tls-ca', ca.cert, '--tls-cert', rogue.cert, '--tls-key', rogue.key], { cwd: ROOT, encoding: 'utf8' });
    expect(wrong.status).toBe(1);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(wrong.stderr).toMatch(/^error: .*\[REMOTE_UNREACHABLE\]$/m);
    const plain = spawnSync(process.execPath, [GADGETRY, 'list', '--remote', addresses[1]!], { cwd: ROOT, encoding: 'utf8' });
    expect(plain.status).toBe(1);
    expect(plain.stdout).toBe('');
    expect(plain.stderr).toMatch(/^error: no agent answered at .*\[REMOTE_UNREACHABLE\]$/m);
    // a client without TLS files is told, before anything, that TCP beyond loopback is plaintext
    expect(plain.stderr.split('\n')[0]).toBe(`warning: --remote ${addresses[1]}: plaintext TCP without --tls-ca/--tls-cert/--tls-key; the events and the runs asked for travel unprotected (only an agent started with --insecure answers this)`);
    // the agents were not disturbed by either
    expect(agents[0]!.child.exitCode).toBeNull();
    expect(agents[1]!.child.exitCode).toBeNull();
  });
});
