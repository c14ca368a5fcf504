import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContainerInfo } from './ContainerInfo.js';
import { mountNsOf } from './processNamespaces.js';

/** State folders of OCI runtimes (runc and crun layouts), with the runtime they belong to. */
export const RUNTIME_STATE_ROOTS: { root: string; runtime: string; nested: boolean }[] = [
  { root: '/run/runc', runtime: 'runc', nested: false },
  { root: '/run/crun', runtime: 'crun', nested: false },
  { root: '/run/docker/runtime-runc', runtime: 'docker', nested: true },
  { root: '/run/containerd/runc', runtime: 'containerd', nested: true },
];

interface RuncState {
  id?: string;
  init_process_pid?: number;
  pid?: number;
  config?: { labels?: string[] };
  annotations?: Record<string, string>;
}

const NAME_KEYS = ['io.kubernetes.cri.container-name', 'io.kubernetes.container.name', 'nerdctl/name', 'io.podman.annotations.name'];

function labels(state: RuncState): Record<string, string> {
  const out: Record<string, string> = { ...state.annotations };
  for (const l of state.config?.labels ?? []) {
    const eq = l.indexOf('=');
    if (eq > 0) out[l.slice(0, eq)] = l.slice(eq + 1);
  }
  return out;
}

function stateDirs(root: string, nested: boolean): string[] {
  if (!existsSync(root)) return [];
  const list = (dir: string) => {
    try {
      return readdirSync(dir).map((n) => join(dir, n));
    } catch {
      return [];
    }
  };
  return nested ? list(root).flatMap(list) : list(root);
}

/**
 * Containers known to OCI runtimes on this host, from their state files.
 * Containers whose init process is gone (stopped, not yet deleted) are left out.
 */
export function readRuntimeStates(roots = RUNTIME_STATE_ROOTS, procRoot = '/proc'): ContainerInfo[] {
  const out: ContainerInfo[] = [];
  for (const { root, runtime, nested } of roots) {
    for (const dir of stateDirs(root, nested)) {
      let state: RuncState;
      try {
        state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as RuncState;
      } catch {
        continue;
      }
      const pid = state.init_process_pid ?? state.pid ?? 0;
      const mntnsId = pid ? mountNsOf(pid, procRoot) : 0;
      if (!state.id || !mntnsId) continue;
      const l = labels(state);
      const named = NAME_KEYS.map((k) => l[k]).find(Boolean);
      const info: ContainerInfo = {
        id: state.id,
        name: named ?? (runtime === 'runc' || runtime === 'crun' ? state.id : state.id.slice(0, 12)),
        runtime,
        pid,
        mntnsId,
      };
      const pod = l['io.kubernetes.cri.sandbox-name'] ?? l['io.kubernetes.pod.name'];
      const ns = l['io.kubernetes.cri.sandbox-namespace'] ?? l['io.kubernetes.pod.namespace'];
      if (pod) info.podName = pod;
      if (ns) info.namespace = ns;
      out.push(info);
    }
  }
  return out;
}
