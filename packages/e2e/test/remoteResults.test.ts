// A profile's result from several agents: `gadgetry run profile_cpu --remote a,b`
// gives one profile whose stacks start at the node that sampled them. Both
// agents share this kernel, so each samples the same spinning process.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { SPIN_SOURCE, spinningPrograms } from '../../shapes/test/fixtures/spinningPrograms.js';
import { GADGETRY, startAgent, type AgentProcess } from './fixtures/agentProcess.js';
import { ROOT } from './fixtures/workspace.js';

const skip = kernelTestGate();

describe.skipIf(skip)('results of a run on several agents', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gadgetry-remote-results-'));
  const programs = spinningPrograms('gadgetry-remote-results-spin-');
  const agents: AgentProcess[] = [];
  const sockets = ['node-a', 'node-b'].map((n) => `unix://${join(dir, `${n}.sock`)}`);

  beforeAll(async () => {
    for (const [i, node] of ['node-a', 'node-b'].entries()) agents.push(await startAgent(['--listen', sockets[i]!, '--node-name', node]));
  });

  afterAll(async () => {
    programs.killRunning();
    programs.remove();
    await Promise.all(agents.map((a) => a.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('profile_cpu -o folded: each node\'s stacks start at its node, the samples of both are there', async () => {
    const pid = await programs.start(programs.build('spin', SPIN_SOURCE));
    const args = ['run', 'profile_cpu', '--pid', String(pid), '--timeout', '2', '-o', 'folded', '--remote', sockets.join(',')];
    const { status, stdout, stderr } = await new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [GADGETRY, ...args], { cwd: ROOT, timeout: 40_000 }, (err, out, errOut) => {
        resolve({ status: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout: out, stderr: errOut });
      });
    });
    expect(status, stderr).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    // folded lines are the process, then its frames from the root: here the node first
    for (const line of lines) expect(line).toMatch(/^spin;node-[ab];.* \d+$/);
    expect(lines.some((l) => /^spin;node-a;.*main;burn_cpu \d+$/.test(l))).toBe(true);
    expect(lines.some((l) => /^spin;node-b;.*main;burn_cpu \d+$/.test(l))).toBe(true);
  });
});
