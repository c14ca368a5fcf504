// Headless runs through a real agent: `gadgetry run --detach`, ps, attach and
// rm are separate gadgetry commands talking to `gadgetry serve` over its unix
// socket; the agent is stopped and started again over the same state folder.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { GADGETRY, heldObjects, startAgent, type AgentProcess } from './fixtures/agentProcess.js';
import { execTrue, marker } from './fixtures/headless.js';
import { ROOT } from './fixtures/workspace.js';

const skip = kernelTestGate();

describe.skipIf(skip)('headless runs kept by gadgetry serve', () => {
  let dir: string;
  let remote: string;
  let stateDir: string;
  let agent: AgentProcess | undefined;
  const start = async () => (agent = await startAgent(['--listen', remote, '--state-dir', stateDir, '--node-name', 'headless-node']));
  const gadgetry = (args: string[]) => spawnSync(process.execPath, [GADGETRY, ...args, '--remote', remote], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });

  /** `gadgetry attach` until a line mentions `text` (exec'd once the attach is reading), then Ctrl-C. */
  const attachUntil = (name: string, text: string) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [GADGETRY, 'attach', name, '--fields', 'pid,comm,args', '--remote', remote], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      const exec = setInterval(() => execTrue(text), 300);
      const giveUp = setTimeout(() => child.kill('SIGINT'), 20_000);
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes(text)) child.kill('SIGINT');
      });
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('exit', (code) => {
        clearInterval(exec);
        clearTimeout(giveUp);
        resolve({ code, stdout, stderr });
      });
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gadgetry-agent-headless-'));
    remote = `unix://${join(dir, 'agent.sock')}`;
    stateDir = join(dir, 'state');
    await start();
  });

  afterAll(async () => {
    await agent?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('detach, ps, attach and rm, each a command of its own; the run outlives every client', async () => {
    const before = heldObjects(agent!.pid());
    const detached = gadgetry(['run', '--detach', '--name', 'execs', 'trace_exec']);
    expect([detached.status, detached.stdout, detached.stderr]).toEqual([0, 'execs\n', '']);
    const ps = gadgetry(['ps']);
    expect(ps.status, ps.stderr).toBe(0);
    expect(ps.stdout.split('\n')[1]).toMatch(/^execs +trace_exec +headless-node +running +\d+ +0 +\S+ +0$/);
    const text = marker('agent');
    const attached = await attachUntil('execs', text);
    expect(attached.code, attached.stderr).toBe(0);
    expect(attached.stdout).toMatch(new RegExp(`^ *\\d+ +true +/bin/true ${text}$`, 'm'));
    expect(attached.stderr).toContain('detached from execs; the run goes on');
    expect(heldObjects(agent!.pid()).bpf.length).toBeGreaterThan(before.bpf.length);
    const rm = gadgetry(['rm', 'execs']);
    expect([rm.status, rm.stdout]).toEqual([0, 'execs\n']);
    expect(gadgetry(['ps']).stdout.split('\n').filter(Boolean)).toHaveLength(1); // the header only
    expect(heldObjects(agent!.pid()).bpf).toEqual(before.bpf);
  });

  it('an agent restart starts the saved run again; attach sees its new events', async () => {
    expect(gadgetry(['run', '--detach', '--name', 'survivor', 'trace_exec']).status).toBe(0);
    expect(await agent!.stop()).toBe(0);
    await start();
    await agent!.waitFor(/resumed headless run survivor \(trace_exec\)/);
    const ps = gadgetry(['ps', '-o', 'json']);
    expect(JSON.parse(ps.stdout.trim())).toMatchObject({ name: 'survivor', state: 'running', resumed: 1, node: 'headless-node' });
    const text = marker('resumed');
    const attached = await attachUntil('survivor', text);
    expect(attached.stdout).toContain(text);
    expect(gadgetry(['rm', 'survivor']).status).toBe(0);
  });

  it('an unknown run and a second agent address are one line each, exit 2', () => {
    const unknown = gadgetry(['attach', 'nothing-here']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^error: .*nothing-here.* \[RUN_NOT_FOUND\]\n$/);
    const two = spawnSync(process.execPath, [GADGETRY, 'ps', '--remote', `${remote},${remote}`], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(two.status).toBe(2);
    expect(two.stderr).toBe('error: headless runs are kept by one agent: give --remote a single address, not 2 [USAGE]\n');
  });
});
