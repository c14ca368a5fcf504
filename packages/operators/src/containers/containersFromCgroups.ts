import { readdirSync } from 'node:fs';
import type { ContainerInfo } from './ContainerInfo.js';
import { cgroupPathsOf, mountNsOf } from './processNamespaces.js';
import { containersFromCgroupTree } from './cgroupTreeContainers.js';

/** Cgroup path shapes that name a container, with the runtime that makes them. */
const PATTERNS: { re: RegExp; runtime: string }[] = [
  { re: /docker-([0-9a-f]{64})\.scope/, runtime: 'docker' },
  { re: /\/docker\/([0-9a-f]{64})/, runtime: 'docker' },
  { re: /cri-containerd-([0-9a-f]{64})\.scope/, runtime: 'containerd' },
  { re: /crio-(?:conmon-)?([0-9a-f]{64})\.scope/, runtime: 'cri-o' },
  { re: /libpod-(?:conmon-)?([0-9a-f]{64})\.scope/, runtime: 'podman' },
  { re: /\/kubepods[^\s]*\/([0-9a-f]{64})$/, runtime: 'containerd' },
];

/** Which container a cgroup path belongs to, if any. */
export function containerOfCgroup(path: string): { id: string; runtime: string } | undefined {
  for (const { re, runtime } of PATTERNS) {
    const m = re.exec(path);
    if (m) return { id: m[1]!, runtime };
  }
  return undefined;
}

/**
 * Containers by their cgroups: a cgroup path that names a container
 * (Docker, containerd, CRI-O, Podman, systemd scopes) marks that
 * container's mount namespace, one entry per container from its first
 * process. Read from the cgroup v2 tree where there is one, else by
 * walking /proc (every process's cgroup file).
 */
export function containersFromCgroups(procRoot = '/proc', cgroupRoot = '/sys/fs/cgroup'): ContainerInfo[] {
  return containersFromCgroupTree(containerOfCgroup, cgroupRoot, procRoot) ?? containersFromProcCgroups(procRoot);
}

/** The /proc walk: every process's cgroup paths. */
export function containersFromProcCgroups(procRoot = '/proc'): ContainerInfo[] {
  const byId = new Map<string, ContainerInfo>();
  let pids: number[];
  try {
    pids = readdirSync(procRoot).filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b);
  } catch {
    return [];
  }
  for (const pid of pids) {
    for (const path of cgroupPathsOf(pid, procRoot)) {
      const c = containerOfCgroup(path);
      if (!c || byId.has(c.id)) continue;
      const mntnsId = mountNsOf(pid, procRoot);
      if (mntnsId) byId.set(c.id, { id: c.id, name: c.id.slice(0, 12), runtime: c.runtime, pid, mntnsId });
      break;
    }
  }
  return [...byId.values()];
}
