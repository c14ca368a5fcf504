import { mkdirSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ContainerInfo } from './ContainerInfo.js';
import { ContainerWatcher } from './ContainerWatcher.js';
import { containerOfCgroup } from './containersFromCgroups.js';
import { readRuntimeStates } from './readRuntimeStates.js';

const ID = 'a'.repeat(64);
const dir = mkdtempSync(join(tmpdir(), 'runtime-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const myMntns = Number(/\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/mnt'))![1]);

describe('containerOfCgroup', () => {
  it('recognises the cgroup paths of each runtime', () => {
    expect(containerOfCgroup(`/system.slice/docker-${ID}.scope`)).toEqual({ id: ID, runtime: 'docker' });
    expect(containerOfCgroup(`/docker/${ID}`)).toEqual({ id: ID, runtime: 'docker' });
    expect(containerOfCgroup(`/kubepods.slice/kubepods-besteffort.slice/cri-containerd-${ID}.scope`)).toEqual({ id: ID, runtime: 'containerd' });
    expect(containerOfCgroup(`/kubepods.slice/crio-${ID}.scope`)).toEqual({ id: ID, runtime: 'cri-o' });
    expect(containerOfCgroup(`/machine.slice/libpod-${ID}.scope`)).toEqual({ id: ID, runtime: 'podman' });
    expect(containerOfCgroup('/user.slice/user-0.slice/session-1.scope')).toBeUndefined();
  });
});

describe('readRuntimeStates', () => {
  it('reads runc-style state files, naming containers from annotations', () => {
    const plain = join(dir, 'runc', 'web');
    const k8s = join(dir, 'containerd', 'k8s.io', ID);
    mkdirSync(plain, { recursive: true });
    mkdirSync(k8s, { recursive: true });
    writeFileSync(join(plain, 'state.json'), JSON.stringify({ id: 'web', init_process_pid: process.pid, config: { labels: ['bundle=/x'] } }));
    writeFileSync(
      join(k8s, 'state.json'),
      JSON.stringify({
        id: ID,
        init_process_pid: process.pid,
        config: { labels: ['io.kubernetes.cri.container-name=nginx', 'io.kubernetes.cri.sandbox-name=web-0', 'io.kubernetes.cri.sandbox-namespace=prod'] },
      }),
    );
    writeFileSync(join(dir, 'runc', 'stale.json'), 'not a folder');
    const found = readRuntimeStates([
      { root: join(dir, 'runc'), runtime: 'runc', nested: false },
      { root: join(dir, 'containerd'), runtime: 'containerd', nested: true },
    ]);
    expect(found).toEqual([
      { id: 'web', name: 'web', runtime: 'runc', pid: process.pid, mntnsId: myMntns },
      { id: ID, name: 'nginx', runtime: 'containerd', pid: process.pid, mntnsId: myMntns, podName: 'web-0', namespace: 'prod' },
    ]);
  });

  it('leaves out containers whose init process is gone', () => {
    const gone = join(dir, 'gone', 'old');
    mkdirSync(gone, { recursive: true });
    writeFileSync(join(gone, 'state.json'), JSON.stringify({ id: 'old', init_process_pid: 999_999_9 }));
    expect(readRuntimeStates([{ root: join(dir, 'gone'), runtime: 'runc', nested: false }])).toEqual([]);
  });
});

describe('ContainerWatcher', () => {
  it('tells listeners which containers started and stopped', () => {
    const a: ContainerInfo = { id: 'a', name: 'a', runtime: 'runc', pid: 1, mntnsId: 11 };
    const b: ContainerInfo = { id: 'b', name: 'b', runtime: 'runc', pid: 2, mntnsId: 22 };
    let current = [a];
    const w = new ContainerWatcher({ states: () => current, cgroups: () => [], watchRoots: [] });
    const seen: string[] = [];
    w.onChange((added, removed) => seen.push(`+${added.map((c) => c.name).join()} -${removed.map((c) => c.name).join()}`));
    current = [b];
    w.refresh();
    w.refresh();
    expect(seen).toEqual(['+b -a']);
    expect(w.byMountNs(22)?.name).toBe('b');
    expect(w.byMountNs(11)).toBeUndefined();
  });

  it('looks up a namespace the last scan did not know when an event brings it, rate-limited', () => {
    const c: ContainerInfo = { id: 'c', name: 'c', runtime: 'runc', pid: 3, mntnsId: 33 };
    let clock = 0;
    const lookups: number[] = [];
    let started = false;
    const w = new ContainerWatcher({
      states: () => [],
      cgroups: () => [],
      lookup: (ns) => (lookups.push(ns), started && ns === 33 ? c : undefined),
      now: () => clock,
      watchRoots: [],
    });
    const seen: string[] = [];
    w.onChange((added) => seen.push(added.map((x) => x.name).join()));
    expect(w.resolve(33, 3)).toBeUndefined(); // not running yet
    clock += 100;
    started = true;
    expect(w.resolve(33, 3)).toBeUndefined(); // not found less than 2 s ago: left to the next scan
    expect(w.resolve(44, 4)).toBeUndefined(); // another namespace: looked up
    clock += 10;
    expect(w.resolve(55, 5)).toBeUndefined(); // a lookup ran 10 ms ago: not now
    clock += 2000;
    expect(w.resolve(33, 3)?.name).toBe('c');
    expect(w.resolve(33, 3)?.name).toBe('c'); // known now: no lookup
    expect(lookups).toEqual([33, 44, 33]);
    expect(seen).toEqual(['c']);
    expect(w.resolve(0)).toBeUndefined();
  });
});
