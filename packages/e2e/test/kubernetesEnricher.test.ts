// The Kubernetes enricher, with real runc containers whose ids appear in pod
// lists served by a real HTTP server that answers like the API server from
// hand-written fixtures (fixtures/k8s-api-recorded-shape: no cluster runs here).
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../runtime/test/fixtures/runCli.js';
import { fixture, K8sApiServer } from './fixtures/k8sApiServer.js';
import { runcUnavailable, startRuncContainer, type RuncContainer } from './fixtures/runcContainer.js';
import { ROOT } from './fixtures/workspace.js';

const reason = runcUnavailable();
if (reason && process.env.GADGETRY_STRICT === '1') throw new Error(`${reason}, and GADGETRY_STRICT=1 forbids skipping the container tests`);

interface Event {
  containerId: string;
  args: string[];
  k8sNamespace: string;
  k8sPod: string;
  k8sContainer: string;
  k8sLabels: string;
  k8sNode: string;
}

const PODS = 'GET /api/v1/pods';
const dir = mkdtempSync(join(tmpdir(), 'gadgetry-k8s-enricher-'));
// container ids as containerd makes them: 64 hex digits (runc takes them as names)
const id = () => randomBytes(32).toString('hex');
const ids = { WEB_CONTAINER_ID: id(), DB_CONTAINER_ID: id(), JOB_CONTAINER_ID: id(), NODE: 'node-a' };
const LOOP = 'while true; do cat /etc/hostname >/dev/null; sleep 0.2; done';
const containers: RuncContainer[] = [];
let api: K8sApiServer;

const env = () => ({ KUBECONFIG: join(dir, 'kubeconfig'), NODE_NAME: 'node-a' });
const parse = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Event);
const watchLine = (n: number) => fixture('pods-watch.jsonl', ids).trim().split('\n')[n]!;

/**
 * gadgetry run trace_exec -o json -v for `seconds` (the timeout counts from
 * before the operators' preGadgetRun, which lists the pods: keep it long
 * enough on a loaded machine); once it says it started,
 * runs a host process (`true host-marker`) and calls `started`.
 */
async function traceExec(args: string[], seconds: number, started?: () => void) {
  let marked = false;
  const r = await runCli(['run', 'trace_exec', ...args, '--timeout', String(seconds), '-o', 'json', '-v'], ROOT, {
    env: env(),
    onStderr: (text) => {
      if (marked || !text.includes('trace_exec: started')) return;
      marked = true;
      spawnSync('/bin/true', ['host-marker']);
      started?.();
    },
  });
  expect(marked, `trace_exec never said it started: ${r.stderr}`).toBe(true);
  return { ...r, events: parse(r.stdout) };
}

/** Pushes a watch event as soon as the enricher's watch is open (bounded: 5 s). */
function pushWhenWatched(line: string): void {
  const until = Date.now() + 5000;
  const timer = setInterval(() => {
    if (api.openWatches === 0 && Date.now() < until) return;
    clearInterval(timer);
    api.pushWatch(line);
  }, 20);
}

describe.skipIf(reason)('the Kubernetes enricher, with real runc containers and a recorded-shape API server', () => {
  beforeAll(async () => {
    api = await new K8sApiServer().start();
    api.route(PODS, { status: 200, body: fixture('pods-on-node.json', ids) }).route(`WATCH /api/v1/pods`, { watch: true });
    writeFileSync(join(dir, 'kubeconfig'), api.kubeconfig());
    for (const cid of [ids.WEB_CONTAINER_ID, ids.DB_CONTAINER_ID, ids.JOB_CONTAINER_ID]) containers.push(startRuncContainer(cid, LOOP));
  });
  afterAll(async () => {
    for (const c of containers) c.remove();
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("tags each container's events with its pod's namespace, name, container name, labels and node", async () => {
    const r = await traceExec([], 3);
    expect(r.code, r.stderr).toBe(0);
    const web = r.events.filter((e) => e.containerId === ids.WEB_CONTAINER_ID);
    const db = r.events.filter((e) => e.containerId === ids.DB_CONTAINER_ID);
    expect(web.length).toBeGreaterThan(0);
    expect(db.length).toBeGreaterThan(0);
    for (const e of web) {
      expect(e).toMatchObject({ k8sNamespace: 'shop', k8sPod: 'web-6c9f8d7b5-x2x7q', k8sContainer: 'nginx', k8sLabels: 'app=web,pod-template-hash=6c9f8d7b5,tier=frontend', k8sNode: 'node-a' });
    }
    for (const e of db) expect(e).toMatchObject({ k8sNamespace: 'shop', k8sPod: 'db-0', k8sContainer: 'postgres' });
    // not in any pod: the host, and the job container the list does not name yet
    expect(r.events.find((e) => e.args.includes('host-marker'))).toMatchObject({ k8sNamespace: '', k8sPod: '', k8sLabels: '' });
    expect(r.events.filter((e) => e.containerId === ids.JOB_CONTAINER_ID).every((e) => e.k8sPod === '')).toBe(true);
    // the pods of this node only, listed then watched
    expect(api.requests).toContain('GET /api/v1/pods?fieldSelector=spec.nodeName%3Dnode-a');
    expect(api.requests.some((q) => q.startsWith('GET /api/v1/pods?') && q.includes('watch=true') && q.includes('fieldSelector=spec.nodeName%3Dnode-a'))).toBe(true);
  });

  it('--k8s-podname of another pod delivers none of this pod\'s events (nor the host\'s): filtered in the kernel', async () => {
    const r = await traceExec(['--k8s-podname', 'db-0'], 3);
    expect(r.code, r.stderr).toBe(0);
    expect(r.events.length, r.stderr).toBeGreaterThan(0);
    expect(r.events.every((e) => e.containerId === ids.DB_CONTAINER_ID && e.k8sPod === 'db-0')).toBe(true);
    expect(r.events.some((e) => e.args.includes('host-marker'))).toBe(false);
  });

  it('--k8s-selector and --k8s-namespace keep the matching pods only', async () => {
    const bySelector = await traceExec(['--k8s-selector', 'tier=frontend,app in (web)'], 3);
    expect(bySelector.code, bySelector.stderr).toBe(0);
    expect(bySelector.events.length, bySelector.stderr + bySelector.stdout.slice(0, 2000)).toBeGreaterThan(0);
    expect(bySelector.events.every((e) => e.containerId === ids.WEB_CONTAINER_ID)).toBe(true);
    const byNamespace = await traceExec(['--k8s-namespace', 'shop'], 3);
    expect(new Set(byNamespace.events.map((e) => e.k8sPod))).toEqual(new Set(['web-6c9f8d7b5-x2x7q', 'db-0']));
  });

  it('follows the watch: a pod ADDED while running joins the filter; MODIFIED labels and a DELETED pod show on later events', async () => {
    const added = await traceExec(['--k8s-namespace', 'batch'], 3, () => pushWhenWatched(watchLine(0)));
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toContain('warn: no running container on node node-a matches the --k8s-* filters yet');
    expect(added.events.length).toBeGreaterThan(0);
    for (const e of added.events) expect(e).toMatchObject({ containerId: ids.JOB_CONTAINER_ID, k8sNamespace: 'batch', k8sPod: 'report-29166840-7kq2n', k8sContainer: 'report' });

    const changed = await traceExec(['--k8s-namespace', 'shop'], 4, () => setTimeout(() => (pushWhenWatched(watchLine(1)), pushWhenWatched(watchLine(2))), 500));
    const web = changed.events.filter((e) => e.containerId === ids.WEB_CONTAINER_ID).map((e) => e.k8sLabels);
    expect(web[0]).toBe('app=web,pod-template-hash=6c9f8d7b5,tier=frontend');
    expect(web.at(-1)).toBe('app=web,pod-template-hash=6c9f8d7b5,release=canary,tier=frontend');
    // db-0 was deleted: its container left the namespace filter, so its events stop
    const db = changed.events.filter((e) => e.containerId === ids.DB_CONTAINER_ID);
    expect(db.length).toBeGreaterThan(0);
    expect(changed.events.at(-1)!.containerId).toBe(ids.WEB_CONTAINER_ID);
  });

  it('a filter the API server forbids ends the run with one line; enrichment alone goes on, and tags pods once the API server lets it list them', async () => {
    api.route(PODS, { status: 403, body: fixture('forbidden-pods.json', {}) });
    try {
      const filtered = await runCli(['run', 'trace_exec', '--k8s-podname', 'db-0', '--timeout', '1'], ROOT, { env: env() });
      expect(filtered.code).toBe(1);
      expect(filtered.stderr).toMatch(/the API server refused to list pods on node node-a \(403\): pods is forbidden: .*\[K8S_FORBIDDEN\]/);
      // the RBAC is fixed while the run goes on: the watcher's retry (after 1 s) brings the pods
      const plain = await traceExec([], 4, () => api.route(PODS, { status: 200, body: fixture('pods-on-node.json', ids) }));
      expect(plain.code, plain.stderr).toBe(0);
      expect(plain.stderr).toMatch(/warn: the API server refused to list pods on node node-a \(403\).*events carry no pod metadata until it recovers/);
      const web = plain.events.filter((e) => e.containerId === ids.WEB_CONTAINER_ID).map((e) => e.k8sPod);
      expect(web[0]).toBe('');
      expect(web.at(-1)).toBe('web-6c9f8d7b5-x2x7q');
    } finally {
      api.route(PODS, { status: 200, body: fixture('pods-on-node.json', ids) });
    }
  });

  it('does nothing without a cluster: no fields, no flags', async () => {
    const off = await runCli(['describe', 'trace_exec'], ROOT, { env: { KUBECONFIG: '' } });
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).not.toMatch(/k8s/i);
    const on = await runCli(['describe', 'trace_exec'], ROOT, { env: env() });
    expect(on.stdout).toContain('--k8s-podname');
    expect(on.stdout).toContain('k8sPod');
  });
});
