// Real cgroup v2 folders named as runtimes name them, each holding a real
// process in a mount namespace of its own: the tree walk finds the same
// containers the /proc walk does.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readlinkSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { containersFromCgroups, containersFromProcCgroups, containerOfCgroup } from './containersFromCgroups.js';
import { containersFromCgroupTree } from './cgroupTreeContainers.js';

const ROOT = '/sys/fs/cgroup';
// the v2 tree, or under a hybrid setup its unified hierarchy (any one hierarchy will do)
const TREE = existsSync(join(ROOT, 'cgroup.controllers')) ? ROOT : existsSync(join(ROOT, 'unified', 'cgroup.procs')) ? join(ROOT, 'unified') : undefined;
const v2 = TREE !== undefined && process.getuid?.() === 0;
const TOP = join(TREE ?? ROOT, `gadgetry-cgtree-${process.pid}`);
const DOCKER = 'd'.repeat(63) + '1';
const PODMAN = 'e'.repeat(63) + '2';
const kids: ChildProcess[] = [];

/** A sleeping process in a mount namespace of its own, moved into `cgroup`. */
async function sleeperIn(cgroup: string): Promise<number> {
  const child = spawn('unshare', ['--mount', '--propagation', 'private', 'sleep', '60'], { stdio: 'ignore' });
  kids.push(child);
  // unshare execs sleep in the same process: wait until it has
  for (let i = 0; i < 100 && !readlinkSync(`/proc/${child.pid}/exe`).endsWith('/sleep'); i++) await new Promise((r) => setTimeout(r, 20));
  mkdirSync(cgroup, { recursive: true });
  writeFileSync(join(cgroup, 'cgroup.procs'), String(child.pid));
  return child.pid!;
}

afterAll(async () => {
  for (const k of kids) k.kill('SIGKILL');
  await new Promise((r) => setTimeout(r, 200));
  for (const d of [join(TOP, 'system.slice', `docker-${DOCKER}.scope`), join(TOP, 'system.slice'), join(TOP, 'machine.slice', `libpod-${PODMAN}.scope`, 'container'), join(TOP, 'machine.slice', `libpod-${PODMAN}.scope`), join(TOP, 'machine.slice'), TOP]) {
    try {
      rmdirSync(d);
    } catch {
      // already gone
    }
  }
});

describe.skipIf(!v2)('containers from the cgroup trees', () => {
  it('finds each container folder, its process nested or not, as the /proc walk does', async () => {
    const dockerPid = await sleeperIn(join(TOP, 'system.slice', `docker-${DOCKER}.scope`));
    // podman nests the container's processes one level down
    const podmanPid = await sleeperIn(join(TOP, 'machine.slice', `libpod-${PODMAN}.scope`, 'container'));
    const mntns = (pid: number) => Number(/\[(\d+)\]/.exec(readlinkSync(`/proc/${pid}/ns/mnt`))![1]);
    const mine = <T extends { id: string }>(list: T[]) => list.filter((c) => c.id === DOCKER || c.id === PODMAN).sort((a, b) => a.id.localeCompare(b.id));
    const fromTree = mine(containersFromCgroupTree(containerOfCgroup) ?? []);
    expect(fromTree).toEqual([
      { id: DOCKER, name: DOCKER.slice(0, 12), runtime: 'docker', pid: dockerPid, mntnsId: mntns(dockerPid) },
      { id: PODMAN, name: PODMAN.slice(0, 12), runtime: 'podman', pid: podmanPid, mntnsId: mntns(podmanPid) },
    ]);
    expect(fromTree[0]!.mntnsId).not.toBe(mntns(process.pid));
    expect(mine(containersFromProcCgroups())).toEqual(fromTree);
    expect(mine(containersFromCgroups())).toEqual(fromTree);
  });

  it('is not used where no cgroup hierarchy is mounted', () => {
    expect(containersFromCgroupTree(containerOfCgroup, '/proc/self')).toBeUndefined();
  });
});
