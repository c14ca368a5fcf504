// kubectl gadgetry against a real HTTP server that answers like the API server
// from hand-written fixtures (fixtures/k8s-api-recorded-shape: no cluster runs
// here), run through a real kubectl (v1.35.2 from npm) that finds the plugin on
// PATH. To check the exact command line the plugin builds, the agents behind the
// port-forward are TCP listeners of this test and GADGETRY_BIN is
// fixtures/remoteProbe.mjs, which prints its arguments and talks through each
// forwarded port; kubectlPluginAgents.test.ts runs real agents and the real gadgetry.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kubectlBinary } from '../../../tools/chart-check/src/k8sTools.js';
import { fixture, K8sApiServer } from './fixtures/k8sApiServer.js';
import { ROOT } from './fixtures/workspace.js';

const PLUGIN = join(ROOT, 'packages/kubectl-gadgetry/bin/kubectl-gadgetry.js');
const PROBE = join(ROOT, 'packages/e2e/test/fixtures/remoteProbe.mjs');
const dir = mkdtempSync(join(tmpdir(), 'gadgetry-kubectl-'));
const bin = join(dir, 'bin');
const AGENT_PODS = 'GET /api/v1/namespaces/gadgetry/pods';

let api: K8sApiServer;
const agents: Server[] = [];

/** A TCP listener standing for the agent of one node: answers each line with its node's name. */
async function agentStandIn(node: string): Promise<number> {
  const server = createServer((s) => s.on('data', (d) => s.write(`agent on ${node} got: ${d.toString().trim()}\n`)));
  agents.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

function kubectl(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(kubectlBinary(), args, { env: { PATH: `${bin}:/usr/local/bin:/usr/bin:/bin`, HOME: dir, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr })));
  });
}

beforeAll(async () => {
  const { mkdirSync } = await import('node:fs');
  mkdirSync(bin);
  // what `npm i -g @gadgetry/kubectl-gadgetry` puts on PATH
  symlinkSync(PLUGIN, join(bin, 'kubectl-gadgetry'));
  api = await new K8sApiServer().start();
  writeFileSync(join(dir, 'kubeconfig'), api.kubeconfig());
  api.forwards.set('gadgetry-4xk2p', await agentStandIn('node-a'));
  api.forwards.set('gadgetry-9mzt7', await agentStandIn('node-b'));
});
afterEach(() => api.route(AGENT_PODS, { status: 200, body: fixture('agent-pods.json', { AGENT_PORT: 7443 }) }));
afterAll(async () => {
  await api?.close();
  for (const s of agents) s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('kubectl gadgetry, against an API server serving recorded-shape responses', () => {
  it('kubectl finds the plugin; it lists the ready agent pods, forwards a port to each and runs gadgetry --remote through them', async () => {
    api.route(AGENT_PODS, { status: 200, body: fixture('agent-pods.json', { AGENT_PORT: 7443 }) });
    const r = await kubectl(['gadgetry', 'run', 'trace_exec', '-n', 'default', '--timeout', '1'], { KUBECONFIG: join(dir, 'kubeconfig'), GADGETRY_BIN: PROBE });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { args?: string[]; address?: string; reply?: string });
    const args = lines[0]!.args!;
    expect(args.slice(0, 6)).toEqual(['run', 'trace_exec', '--timeout', '1', '--k8s-namespace', 'default']);
    expect(args.slice(6, 7)).toEqual(['--remote']);
    expect(args[7]).toMatch(/^127\.0\.0\.1:\d+,127\.0\.0\.1:\d+$/);
    expect(args).toHaveLength(8);
    // each local address reached its own pod's agent through the API server's port-forward
    const [a, b] = args[7]!.split(',');
    expect(lines.slice(1)).toEqual([
      { address: a, reply: `agent on node-a got: hello ${a}` },
      { address: b, reply: `agent on node-b got: hello ${b}` },
    ]);
    expect(api.requests).toContain('GET /api/v1/namespaces/gadgetry/pods?labelSelector=app.kubernetes.io%2Fname%3Dgadgetry%2Capp.kubernetes.io%2Fcomponent%3Dagent');
    expect(api.requests.filter((q) => q.startsWith('UPGRADE /api/v1/namespaces/gadgetry/pods/')).sort()).toEqual([
      'UPGRADE /api/v1/namespaces/gadgetry/pods/gadgetry-4xk2p/portforward?ports=7443',
      'UPGRADE /api/v1/namespaces/gadgetry/pods/gadgetry-9mzt7/portforward?ports=7443',
    ]);
    expect(r.stderr).toContain('kubectl-gadgetry: agent pod gadgetry-c8w5d on node node-c is not ready (its gadgetry doctor fails; kubectl logs -n gadgetry gadgetry-c8w5d): skipped');
    expect(r.stderr).toMatch(/kubectl-gadgetry: node node-a: agent gadgetry\/gadgetry-4xk2p on 127\.0\.0\.1:\d+/);
  });

  it('says there is no kubeconfig, in one line, exit 1', async () => {
    const r = await kubectl(['gadgetry', 'run', 'trace_exec']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "kubectl-gadgetry: no kubeconfig: KUBECONFIG is not set, ~/.kube/config does not exist and this is not a pod; point KUBECONFIG at your cluster's kubeconfig [KUBECONFIG_MISSING]\n",
    );
  });

  it('says how to install the chart when no agent pod runs', async () => {
    api.route(AGENT_PODS, { status: 200, body: JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '48400' }, items: [] }) });
    const r = await kubectl(['gadgetry', 'list'], { KUBECONFIG: join(dir, 'kubeconfig'), GADGETRY_BIN: PROBE });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'kubectl-gadgetry: no Gadgetry agent in namespace gadgetry: no running pod matches app.kubernetes.io/name=gadgetry,app.kubernetes.io/component=agent; install the chart: helm install gadgetry charts/gadgetry -n gadgetry --create-namespace (or pass --agent-namespace) [K8S_AGENTS_NOT_FOUND]\n',
    );
  });

  it('passes on the API server\'s 403 with what was refused', async () => {
    api.route(AGENT_PODS, { status: 403, body: fixture('forbidden-pods.json', {}) });
    const r = await kubectl(['gadgetry', 'run', 'trace_exec'], { KUBECONFIG: join(dir, 'kubeconfig'), GADGETRY_BIN: PROBE });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'kubectl-gadgetry: the API server refused to list pods in namespace gadgetry (403): pods is forbidden: User "system:serviceaccount:default:viewer" cannot list resource "pods" in API group "" in the namespace "gadgetry"; check your RBAC (kubectl auth can-i) [K8S_FORBIDDEN]\n',
    );
  });

  it('reports a port-forward the API server refuses, naming the pod and node', async () => {
    api.route(AGENT_PODS, { status: 200, body: fixture('agent-pods.json', { AGENT_PORT: 7443 }) });
    const saved = api.forwards.get('gadgetry-9mzt7')!;
    api.forwards.set('gadgetry-9mzt7', { status: 403 });
    try {
      const r = await kubectl(['gadgetry', 'run', 'trace_exec'], { KUBECONFIG: join(dir, 'kubeconfig'), GADGETRY_BIN: PROBE });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/"reply":"agent on node-a got: hello/);
      expect(r.stdout).toMatch(/"reply":"closed after \\"\\""/);
      expect(r.stderr).toMatch(/kubectl-gadgetry: the API server refused to port-forward to agent pod gadgetry\/gadgetry-9mzt7 \(node node-b\) \(403\): .* \[K8S_FORBIDDEN\]/);
    } finally {
      api.forwards.set('gadgetry-9mzt7', saved);
    }
  });

  it('refuses bad usage with exit 2', async () => {
    const r = await kubectl(['gadgetry', 'run', 'trace_exec', '-n'], { KUBECONFIG: join(dir, 'kubeconfig') });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kubectl-gadgetry: -n needs a value [USAGE]\n');
  });
});
