// The agent image, built offline with buildah from scratch (images/agent/build.sh)
// in a private store, then run two ways: `buildah run` for version and list, and
// runc with exactly the capabilities the chart gives the agent (privileged:
// false, no pid namespace as with hostPID) for doctor and a real gadget.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helmTemplate } from '../../../tools/chart-check/src/k8sTools.js';
import { ROOT } from './fixtures/workspace.js';

const missing = process.getuid?.() !== 0 ? 'building and running images needs root' : spawnSync('buildah', ['--version']).status !== 0 ? 'buildah is not installed (apt-get install buildah)' : undefined;
if (missing && process.env.GADGETRY_STRICT === '1') throw new Error(`${missing}, and GADGETRY_STRICT=1 forbids skipping the image test`);

const CLI = ['/usr/local/bin/node', '/opt/gadgetry/node_modules/gadgetry/bin/gadgetry.js'];
const store = mkdtempSync(join(tmpdir(), 'gadgetry-image-'));
const opts = ['--root', join(store, 'root'), '--runroot', join(store, 'run'), '--storage-driver', 'vfs'];
const image = `localhost/gadgetry/agent:e2e-${process.pid}`;
const runcName = `gadgetry-agent-e2e-${process.pid}`;
let ctr = '';

const buildah = (...args: string[]) => execFileSync('buildah', [...opts, ...args], { encoding: 'utf8', timeout: 120_000 }).trim();

/** The capabilities the rendered chart adds to the agent, as runc names them. */
function chartCapabilities(): string[] {
  const ds = parseAllDocuments(helmTemplate(join(ROOT, 'charts/gadgetry'))).map((d) => d.toJS()).find((o) => o?.kind === 'DaemonSet');
  return (ds.spec.template.spec.containers[0].securityContext.capabilities.add as string[]).map((c) => `CAP_${c}`);
}

/** Capabilities this process may hand on (a sandbox's bounding set can lack some, e.g. CAP_SYS_RESOURCE). */
function boundingSet(): bigint {
  return BigInt(`0x${/CapBnd:\s*([0-9a-f]+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]}`);
}
const CAP_NUMBERS: Record<string, number> = { CAP_NET_ADMIN: 12, CAP_SYS_PTRACE: 19, CAP_SYS_ADMIN: 21, CAP_SYS_RESOURCE: 24, CAP_PERFMON: 38, CAP_BPF: 39 };

/** Runs the image's rootfs with runc: the chart's capabilities, host pids, /sys read-only but bpffs; resolves to exit code and output. */
function runAsChartAgent(rootfs: string, args: string[], caps: string[], onStarted?: () => void): Promise<{ code: number | null; out: string }> {
  const bundle = mkdtempSync(join(store, 'bundle-'));
  execFileSync('runc', ['spec'], { cwd: bundle });
  const config = JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8'));
  config.root = { path: rootfs, readonly: true };
  Object.assign(config.process, { terminal: false, args: [...CLI, ...args], env: ['PATH=/usr/local/bin'], noNewPrivileges: true });
  config.process.capabilities = { bounding: caps, effective: caps, permitted: caps };
  // hostPID: no pid namespace; the pod network is not needed here
  config.linux.namespaces = config.linux.namespaces.filter((n: { type: string }) => n.type !== 'pid' && n.type !== 'network');
  delete config.linux.maskedPaths;
  delete config.linux.readonlyPaths;
  config.mounts = [
    ...config.mounts.filter((m: { destination: string }) => m.destination !== '/sys'),
    { destination: '/sys', type: 'bind', source: '/sys', options: ['rbind', 'ro'] },
    { destination: '/sys/fs/bpf', type: 'bind', source: '/sys/fs/bpf', options: ['rbind', 'rw'] },
    { destination: '/tmp', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev'] },
  ];
  writeFileSync(join(bundle, 'config.json'), JSON.stringify(config));
  return new Promise((resolve) => {
    const child = spawn('runc', ['run', '--bundle', bundle, runcName], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const take = (d: Buffer) => {
      out += d.toString();
      if (onStarted && out.includes('trace_exec: started')) (onStarted(), (onStarted = undefined));
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      spawnSync('runc', ['delete', '--force', runcName], { stdio: 'ignore' });
      resolve({ code, out });
    });
  });
}

describe.skipIf(missing)('the agent image (buildah, from scratch)', () => {
  beforeAll(() => {
    const r = spawnSync('bash', [join(ROOT, 'images/agent/build.sh'), image], { encoding: 'utf8', timeout: 240_000, env: { ...process.env, BUILDAH_OPTS: opts.join(' ') } });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    ctr = buildah('from', image);
  }, 300_000);
  afterAll(() => {
    spawnSync('runc', ['delete', '--force', runcName], { stdio: 'ignore' });
    if (ctr) spawnSync('buildah', [...opts, 'rm', ctr], { stdio: 'ignore' });
    spawnSync('buildah', [...opts, 'rmi', '--force', image], { stdio: 'ignore' });
    rmSync(store, { recursive: true, force: true });
  });

  it('is one layer with gadgetry serve as its entrypoint, and runs gadgetry version and list', () => {
    const config = JSON.parse(buildah('inspect', '--type', 'image', image)) as { OCIv1: { config: { Entrypoint: string[]; Cmd: string[] }; rootfs: { diff_ids: string[] } } };
    expect(config.OCIv1.config.Entrypoint).toEqual(['/usr/local/bin/node', '--max-semi-space-size=4', '/opt/gadgetry/node_modules/gadgetry/bin/gadgetry.js']);
    expect(config.OCIv1.config.Cmd).toEqual(['serve']);
    expect(config.OCIv1.rootfs.diff_ids).toHaveLength(1);
    const version = buildah('run', '--isolation', 'chroot', ctr, '--', ...CLI, 'version');
    expect(version).toMatch(/^gadgetry\s+0\.\d+\.\d+\nsdk\s+\S+\nnode\s+v24\./);
    const list = buildah('run', '--isolation', 'chroot', ctr, '--', ...CLI, 'list');
    for (const gadget of ['trace_exec', 'trace_open', 'snapshot_process', 'top_tcp']) expect(list).toMatch(new RegExp(`^${gadget}\\s`, 'm'));
    expect(list).toMatch(/^kubernetes\s+kinds mntns\s/m);
    // from scratch: no shell, no distribution
    expect(spawnSync('buildah', [...opts, 'run', '--isolation', 'chroot', ctr, '--', '/bin/sh', '-c', 'true']).status).not.toBe(0);
  });

  it("passes doctor and traces a host exec with the chart's capabilities only (not privileged)", async () => {
    const wanted = chartCapabilities();
    const caps = wanted.filter((c) => (boundingSet() >> BigInt(CAP_NUMBERS[c] ?? 63)) & 1n);
    // this machine's sandbox lacks CAP_SYS_RESOURCE; kernels since 5.11 do not need it (memcg accounting)
    expect(wanted.filter((c) => !caps.includes(c)).every((c) => c === 'CAP_SYS_RESOURCE')).toBe(true);
    expect(caps).not.toContain('CAP_SYS_ADMIN');
    const rootfs = buildah('mount', ctr);
    try {
      const doctor = await runAsChartAgent(rootfs, ['doctor'], caps);
      expect(doctor.code, doctor.out).toBe(0);
      expect(doctor.out).toMatch(/privileges\s+ok\s+root or CAP_BPF\+CAP_PERFMON/);
      const marker = `image-marker-${process.pid}`;
      const run = await runAsChartAgent(rootfs, ['run', 'trace_exec', '--timeout', '4', '-o', 'json', '-v'], caps, () => spawnSync('/bin/true', [marker]));
      expect(run.code, run.out).toBe(0);
      expect(run.out).toContain(`"${marker}"`);
    } finally {
      buildah('umount', ctr);
    }
  });
});
