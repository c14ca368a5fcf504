import type { ContainerInfo } from './ContainerInfo.js';
import { containersFromCgroups } from './containersFromCgroups.js';
import { readRuntimeStates } from './readRuntimeStates.js';

/** Every running container this host shows: runtime state files first, then cgroup paths. */
export function listContainers(): ContainerInfo[] {
  const found = readRuntimeStates();
  const ids = new Set(found.map((c) => c.id));
  for (const c of containersFromCgroups()) if (!ids.has(c.id)) found.push(c);
  return found.sort((a, b) => a.name.localeCompare(b.name));
}
