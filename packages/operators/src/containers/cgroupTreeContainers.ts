import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContainerInfo } from './ContainerInfo.js';
import { mountNsOf } from './processNamespaces.js';

/** Bounds of the walk: a cgroup tree is hundreds of folders, not thousands of levels. */
const MAX_DEPTH = 16;
const MAX_DIRS = 100_000;

/** The lowest pid in a cgroup, or in the first of its descendants that has one (a container may nest its processes). */
function firstPid(dir: string, depth: number): number | undefined {
  try {
    const pids = readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
    if (pids.length > 0) return Math.min(...pids);
  } catch {
    return undefined;
  }
  if (depth >= MAX_DEPTH) return undefined;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined; // removed while walking: the container ended
  }
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    const pid = firstPid(join(dir, e.name), depth + 1);
    if (pid !== undefined) return pid;
  }
  return undefined;
}

/**
 * The cgroup hierarchies mounted at `root`: the one tree of cgroup v2, or
 * under v1 and hybrid setups every hierarchy mounted below it (memory,
 * pids, name=systemd, unified...), as a container may be in some only.
 */
function hierarchies(root: string): string[] {
  if (existsSync(join(root, 'cgroup.controllers'))) return [root];
  try {
    return readdirSync(root)
      .map((name) => join(root, name))
      .filter((dir) => existsSync(join(dir, 'cgroup.procs')));
  } catch {
    return [];
  }
}

/**
 * Containers found in the cgroup trees: a folder whose path names a
 * container marks it, its first process gives the mount namespace. A tree
 * has a folder per service and container, where /proc has one entry per
 * process: on a host of 10,000 processes this reads tens of files, not
 * 10,000. Undefined when no cgroup hierarchy is mounted at `root` (the
 * caller walks /proc instead).
 */
export function containersFromCgroupTree(
  match: (path: string) => { id: string; runtime: string } | undefined,
  root = '/sys/fs/cgroup',
  procRoot = '/proc',
): ContainerInfo[] | undefined {
  const trees = hierarchies(root);
  if (trees.length === 0) return undefined;
  const found = new Map<string, ContainerInfo>();
  let seen = 0;
  for (const tree of trees) walkTree(tree, match, procRoot, found, () => ++seen >= MAX_DIRS);
  return [...found.values()];
}

function walkTree(
  root: string,
  match: (path: string) => { id: string; runtime: string } | undefined,
  procRoot: string,
  found: Map<string, ContainerInfo>,
  over: () => boolean,
): void {
  const walk = (rel: string, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    let entries;
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch {
      return; // removed while walking
    }
    for (const e of entries) {
      if (!e.isDirectory() || over()) continue;
      const path = `${rel}/${e.name}`;
      const c = match(path);
      if (!c) {
        walk(path, depth + 1);
        continue;
      }
      if (found.has(c.id)) continue;
      const pid = firstPid(join(root, path), depth + 1);
      const mntnsId = pid === undefined ? 0 : mountNsOf(pid, procRoot);
      if (pid !== undefined && mntnsId) found.set(c.id, { id: c.id, name: c.id.slice(0, 12), runtime: c.runtime, pid, mntnsId });
    }
  };
  walk('', 0);
}
