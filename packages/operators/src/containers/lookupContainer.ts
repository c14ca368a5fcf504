import type { ContainerInfo } from './ContainerInfo.js';
import { containerOfCgroup } from './containersFromCgroups.js';
import { cgroupPathsOf, mountNsOf } from './processNamespaces.js';
import { readRuntimeStates } from './readRuntimeStates.js';

/**
 * The container of one mount namespace, found the cheap way: the runtimes'
 * state files (a few small files), then the cgroup of the process the event
 * came from, when it is given and still in that namespace. No walk of /proc.
 */
export function lookupContainer(mntnsId: number, pid?: number, procRoot = '/proc'): ContainerInfo | undefined {
  const known = readRuntimeStates(undefined, procRoot).find((c) => c.mntnsId === mntnsId);
  if (known || !pid) return known;
  if (mountNsOf(pid, procRoot) !== mntnsId) return undefined;
  for (const path of cgroupPathsOf(pid, procRoot)) {
    const c = containerOfCgroup(path);
    if (c) return { id: c.id, name: c.id.slice(0, 12), runtime: c.runtime, pid, mntnsId };
  }
  return undefined;
}
