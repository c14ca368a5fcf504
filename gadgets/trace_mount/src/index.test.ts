// Real mounts, each in a mount namespace of its own (`unshare -m`: the host's
// mounts are untouched), through mount(8) and through a small C program the
// test builds, which makes the classic and the new mount API calls directly.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kernelTestGate, simulateKernel } from '@gadgetry/native-bpf';
import { collectEvents } from '@gadgetry/runtime';
import traceMount, { type TraceMountEvent } from './index.js';

const skip = kernelTestGate();
const ENOENT = 2;
const EINVAL = 22;
const ENODEV = 19;
const MS_NOSUID = 0x2;
const MS_NODEV = 0x4;
const MS_BIND = 0x1000;
const MNT_DETACH = 0x2;
const MOUNT_ATTR_NODEV = 0x4;
const FSCONFIG_SET_STRING = 1;
const FSCONFIG_CMD_CREATE = 6;
/** Syscall numbers: mount and umount2 differ by architecture, the mount API (5.2+) does not. */
const CLASSIC = { x64: { mount: 165, umount2: 166 }, arm64: { mount: 40, umount2: 39 } }[process.arch as 'x64' | 'arm64'];
const API = { open_tree: 428, move_mount: 429, fsopen: 430, fsconfig: 431, fsmount: 432, mount_setattr: 442 };

const work = mkdtempSync(join(tmpdir(), 'trace-mount-'));
const target = join(work, 'mnt');
mkdirSync(target);
/** The helper's name, which is its command name too: unique to this test run. */
const HELPER = `mc${process.pid % 100000}`;
const helper = join(work, HELPER);
const tag = `gt${process.pid}`;
const hostMntns = Number(/\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/mnt'))![1]);

beforeAll(() => {
  if (skip) return;
  execFileSync('gcc', ['-Wall', '-O2', '-o', helper, fileURLToPath(new URL('../test/mount_calls.c', import.meta.url))], { stdio: 'inherit' });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs `command` under unshare -m while trace_mount runs with `params`; the events about `target`, once it has exited. */
async function traced(params: Record<string, string>, command: string[], expected: number) {
  let out = '';
  const { events, result } = await collectEvents<TraceMountEvent>(traceMount, {
    params,
    timeoutMs: 10_000,
    onStarted: () => {
      const r = spawnSync('unshare', ['-m', ...command], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      out = r.stdout;
    },
    // the helper's calls, or mount(8)'s on the target (another mount(8) may run meanwhile)
    until: (evs) => evs.filter((e) => e.comm === HELPER || e.target === target).length >= expected,
  });
  expect(result.error).toBeUndefined();
  return { events, out };
}

describe.skipIf(skip)('trace_mount on the running kernel', () => {
  it('reports mount(8) mounting a tmpfs and umount(8) unmounting it, in the namespace they ran in', async () => {
    const { events } = await traced(
      { comm: 'mount,umount' },
      ['sh', '-c', `mount -t tmpfs -o size=1m ${tag} ${target} && umount ${target}`],
      2,
    );
    const mine = events.filter((e) => e.target === target);
    expect(mine).toMatchObject([
      { comm: 'mount', syscall: CLASSIC!.mount, source: tag, fstype: 'tmpfs', data: 'size=1m', err: 0, ret: 0 },
      { comm: 'umount', syscall: CLASSIC!.umount2, source: '', fstype: '', flags: 0, err: 0 },
    ]);
    // unshare -m gave them a mount namespace of their own
    expect(mine[0]!.mntnsId).toBeGreaterThan(0);
    expect(mine[0]!.mntnsId).not.toBe(hostMntns);
    expect(mine[1]!.mntnsId).toBe(mine[0]!.mntnsId);
  });

  it('reports mount(2) and umount2(2) with their flags, and the ones that failed with their errno', async () => {
    const { events } = await traced({ comm: HELPER }, [helper, 'classic', target, tag], 4);
    expect(events.every((e) => e.comm === HELPER)).toBe(true);
    expect(events).toMatchObject([
      { syscall: CLASSIC!.mount, source: tag, target, fstype: 'tmpfs', flags: MS_NOSUID | MS_NODEV, data: 'size=1m,mode=0755', err: 0 },
      { syscall: CLASSIC!.umount2, target, callFlags: 0, err: 0 },
      { syscall: CLASSIC!.mount, source: `/nonexistent-${tag}`, target, fstype: '', flags: MS_BIND, err: ENOENT, ret: -ENOENT },
      { syscall: CLASSIC!.umount2, target, callFlags: MNT_DETACH, err: EINVAL },
    ]);
  });

  it('reports the mount API: fsopen, fsconfig, fsmount, move_mount, open_tree, mount_setattr', async () => {
    const { events, out } = await traced({ comm: HELPER }, [helper, 'api', target, tag], 10);
    const [fs, mnt, tree] = out.trim().split(' ').map(Number);
    expect(events).toMatchObject([
      { syscall: API.fsopen, fstype: 'tmpfs', ret: fs, err: 0 },
      { syscall: API.fsconfig, fd: fs, callFlags: FSCONFIG_SET_STRING, data: `source=${tag}`, err: 0 },
      { syscall: API.fsconfig, fd: fs, callFlags: FSCONFIG_SET_STRING, data: 'size=1m', err: 0 },
      { syscall: API.fsconfig, fd: fs, callFlags: FSCONFIG_CMD_CREATE, data: '', err: 0 },
      { syscall: API.fsmount, fd: fs, callFlags: MOUNT_ATTR_NODEV, ret: mnt, err: 0 },
      { syscall: API.move_mount, fd: mnt, source: '', target, err: 0 },
      { syscall: API.open_tree, source: target, ret: tree, err: 0 },
      { syscall: API.mount_setattr, target, err: 0 },
      { syscall: CLASSIC!.umount2, target, err: 0 },
      { syscall: API.fsopen, fstype: `nofs${tag}`, err: ENODEV, ret: -ENODEV },
    ]);
    expect(events.every((e) => e.flags === 0 && e.comm === HELPER)).toBe(true);
  });

  it('--failed keeps only the calls that failed, in the kernel', async () => {
    const { events } = await traced({ comm: HELPER, failed: 'true' }, [helper, 'classic', target, tag], 2);
    expect(events.map((e) => [e.syscall, e.err])).toEqual([
      [CLASSIC!.mount, ENOENT],
      [CLASSIC!.umount2, EINVAL],
    ]);
  });
});

describe.skipIf(skip)('trace_mount on a kernel without the mount API', () => {
  it('leaves those calls out, says so once for each with the version that brought it, and still reports mount(2)', async () => {
    const calls = ['fsopen', 'fsconfig', 'fsmount', 'move_mount', 'open_tree', 'mount_setattr', 'open_tree_attr'];
    const restore = simulateKernel({ missingHooks: calls.flatMap((c) => [`tracepoint/syscalls/sys_enter_${c}`, `tracepoint/syscalls/sys_exit_${c}`]) });
    try {
      const { events, logs, result } = await collectEvents<TraceMountEvent>(traceMount, {
        params: { comm: HELPER },
        timeoutMs: 10_000,
        onStarted: () => expect(spawnSync('unshare', ['-m', helper, 'api', target, tag]).status).toBe(0),
        until: (evs) => evs.length >= 1,
      });
      expect(result.error).toBeUndefined();
      expect(logs.filter((l) => l.includes('is not traced'))).toEqual(
        calls.map((c) => {
          const since = { mount_setattr: '5.12', open_tree_attr: '6.15' }[c] ?? '5.2';
          return `warn: trace_mount: ${c} is not traced: tracepoint syscalls/sys_enter_${c} does not exist on this kernel (added in ${since})`;
        }),
      );
      // of the helper's calls, only umount2 is left to see
      expect(events).toMatchObject([{ syscall: CLASSIC!.umount2, target, err: 0 }]);
    } finally {
      restore();
    }
  });
});
