import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { RemoteRunner } from '@gadgetry/remote';
import { GADGETRY, startAgent } from './fixtures/agentProcess.js';
import { ROOT } from './fixtures/workspace.js';

const skip = kernelTestGate();

const serve = (args: string[]) => spawnSync(process.execPath, [GADGETRY, 'serve', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });

describe.skipIf(skip)('gadgetry serve on a unix socket', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gadgetry-agent-socket-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes its folder 0750 and its socket 0660, owned by --group, and removes the socket on SIGTERM', async () => {
    const path = join(dir, 'run', 'gadgetry.sock');
    const agent = await startAgent(['--listen', `unix://${path}`, '--group', 'daemon', '--node-name', 'sock-node']);
    const gid = Number(/^daemon:[^:]*:(\d+):/m.exec(spawnSync('getent', ['group', 'daemon'], { encoding: 'utf8' }).stdout)?.[1]);
    const folder = lstatSync(join(dir, 'run'));
    expect(folder.mode & 0o777).toBe(0o750);
    expect(folder.gid).toBe(gid);
    const sock = lstatSync(path);
    expect(sock.isSocket()).toBe(true);
    expect(sock.mode & 0o777).toBe(0o660);
    expect(sock.gid).toBe(gid);
    // the agent keeps headless runs: none yet
    const client = new RemoteRunner(`unix://${path}`);
    expect(await client.headless().list()).toEqual([]);
    expect((await client.list()).gadgets.every((g) => g.node === 'sock-node')).toBe(true);
    client.close();
    expect(await agent.stop()).toBe(0);
    expect(existsSync(path)).toBe(false);
  });

  it('replaces a stale socket, refuses one another agent listens on, and never deletes what is not a socket', async () => {
    const path = join(dir, 'stale.sock');
    // a socket whose agent is gone: a listener killed before it could unlink it
    const holder = spawnSync(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`]);
    expect(holder.signal).toBe('SIGKILL');
    expect(lstatSync(path).isSocket()).toBe(true);
    const agent = await startAgent(['--listen', `unix://${path}`]);
    const second = serve(['--listen', `unix://${path}`]);
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/^error: another agent is listening on .*stale\.sock; stop it first or pick another --listen path \[AGENT_LISTEN_FAILED\]\n$/);
    await agent.stop();
    const file = join(dir, 'not-a-socket');
    writeFileSync(file, 'keep me');
    const refused = serve(['--listen', `unix://${file}`]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/exists and is not a socket.*\[AGENT_LISTEN_FAILED\]/);
    expect(lstatSync(file).isFile()).toBe(true);
  });

  it('refuses TCP without mutual TLS unless --insecure, which warns', async () => {
    const plain = serve(['--listen', '127.0.0.1:0']);
    expect(plain.status).toBe(2);
    expect(plain.stderr).toMatch(/^error: refusing to listen on 127\.0\.0\.1:0 without mutual TLS: give --tls-cert, --tls-key and --tls-client-ca, or --insecure.*\[AGENT_INSECURE\]\n$/);
    const half = serve(['--listen', '127.0.0.1:0', '--tls-cert', '/nonexistent.pem']);
    expect(half.status).toBe(2);
    expect(half.stderr).toMatch(/mutual TLS needs all of --tls-cert, --tls-key and --tls-client-ca \[REMOTE_TLS_INVALID\]/);
    const agent = await startAgent(['--listen', '127.0.0.1:0', '--insecure', '--node-name', 'lo-node']);
    expect(agent.stderr()).toMatch(/^warning: listening on 127\.0\.0\.1:\d+ WITHOUT TLS \(--insecure\): anyone who can reach this port runs gadgets as root on lo-node$/m);
    const port = /listening on 127\.0\.0\.1:(\d+)/.exec(agent.stderr())![1];
    const client = new RemoteRunner(`127.0.0.1:${port}`);
    expect((await client.describe('trace_exec')).name).toBe('trace_exec');
    client.close();
    await agent.stop();
    const bad = serve(['--listen', 'tcp://x']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/is not an agent address.*\[REMOTE_ADDRESS_INVALID\]/);
  });
});
