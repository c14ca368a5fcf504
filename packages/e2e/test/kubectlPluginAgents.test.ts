// kubectl gadgetry end to end, as far as this machine allows: a real kubectl
// (from npm) finds the plugin, which lists the agent pods from an API server
// serving hand-written responses in the API's shape (fixtures/k8s-api-recorded-shape;
// no cluster runs here) and port-forwards through it to two real agents
// (`gadgetry serve` on loopback, one per "node"); the real gadgetry command then
// fans their events in with a node column.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { kubectlBinary } from '../../../tools/chart-check/src/k8sTools.js';
import { GADGETRY, startAgent, type AgentProcess } from './fixtures/agentProcess.js';
import { marker } from './fixtures/headless.js';
import { fixture, K8sApiServer } from './fixtures/k8sApiServer.js';
import { ROOT } from './fixtures/workspace.js';

const skip = kernelTestGate();
const PLUGIN = join(ROOT, 'packages/kubectl-gadgetry/bin/kubectl-gadgetry.js');

describe.skipIf(skip)('kubectl gadgetry through port-forwards to real agents', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gadgetry-kubectl-agents-'));
  const bin = join(dir, 'bin');
  let api: K8sApiServer | undefined;
  const agents: AgentProcess[] = [];

  beforeAll(async () => {
    mkdirSync(bin);
    symlinkSync(PLUGIN, join(bin, 'kubectl-gadgetry'));
    api = await new K8sApiServer().start();
    writeFileSync(join(dir, 'kubeconfig'), api.kubeconfig());
    api.route('GET /api/v1/namespaces/gadgetry/pods', { status: 200, body: fixture('agent-pods.json', { AGENT_PORT: 7443 }) });
    for (const [pod, node] of [['gadgetry-4xk2p', 'node-a'], ['gadgetry-9mzt7', 'node-b']] as const) {
      // the chart's agent: loopback TCP, plaintext, reached only through the port-forward
      const agent = await startAgent(['--listen', '127.0.0.1:0', '--insecure', '--node-name', node]);
      agents.push(agent);
      const port = Number((await agent.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1]);
      api.forwards.set(pod, port);
    }
  });

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('kubectl gadgetry run trace_exec prints each node\'s events, tagged with its node', async () => {
    const text = marker('kubectl');
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(kubectlBinary(), ['gadgetry', 'run', 'trace_exec', '--timeout', '5', '-o', 'json'], {
        env: { PATH: `${bin}:/usr/local/bin:/usr/bin:/bin`, HOME: dir, KUBECONFIG: join(dir, 'kubeconfig'), GADGETRY_BIN: GADGETRY },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exec = setInterval(() => spawnSync('/bin/true', [text]), 250);
      const kill = setTimeout(() => child.kill('SIGKILL'), 40_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearInterval(exec);
        clearTimeout(kill);
        resolve({ code, stdout, stderr });
      });
    });
    expect(result.code, result.stderr).toBe(0);
    const events = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { node?: string; args?: string[] })
      .filter((e) => e.args?.includes(text));
    expect(new Set(events.map((e) => e.node))).toEqual(new Set(['node-a', 'node-b']));
    expect(result.stderr).toMatch(/kubectl-gadgetry: node node-a: agent gadgetry\/gadgetry-4xk2p on 127\.0\.0\.1:\d+/);
  });
});
