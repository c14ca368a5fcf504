// The watcher against real runc containers: containers started and removed
// while it runs are known from the inotify watch on runc's state folder, not
// from a periodic rescan (each scan is counted through the injected readers).
import { readdirSync, readFileSync, readlinkSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ContainerInfo } from './ContainerInfo.js';
import { ContainerWatcher } from './ContainerWatcher.js';
import { readRuntimeStates } from './readRuntimeStates.js';
import { runcUnavailable, startContainer, type TestContainer } from './runcContainer.fixture.js';

const reason = runcUnavailable();
if (reason && process.env.GADGETRY_STRICT === '1') throw new Error(`${reason}, and GADGETRY_STRICT=1 forbids skipping the container tests`);

const base = mkdtempSync(join(tmpdir(), 'gadgetry-watch-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let started: TestContainer[] = [];
let watchers: ContainerWatcher[] = [];
afterEach(() => {
  for (const w of watchers) w.stop();
  for (const c of started) c.remove();
  started = [];
  watchers = [];
});

/** A watcher of one runc root, counting its reads of the state files and its /proc walks. */
function watcherOf(root: string) {
  const counts = { states: 0, procWalks: 0 };
  const changes: string[] = [];
  const w = new ContainerWatcher({
    states: () => (counts.states++, readRuntimeStates([{ root, runtime: 'runc', nested: false }])),
    cgroups: () => (counts.procWalks++, []),
    lookup: () => expect.unreachable('no event brings a namespace here: the watch alone must find the container'),
    watchRoots: [{ root, nested: false }],
  });
  w.onChange((added, removed) => changes.push(...added.map((c) => `+${c.name}`), ...removed.map((c) => `-${c.name}`)));
  watchers.push(w);
  return { w, counts, changes };
}

function start(root: string, name: string): TestContainer {
  const c = startContainer(root, name, 'exec sleep 30');
  started.push(c);
  return c;
}

/** Polls `check` every 10 ms, giving up after 800 ms (a bound, not a speed assertion: a 1 s rescan would take up to 1 s). */
async function within800ms<T>(check: () => T | undefined): Promise<T | undefined> {
  for (let i = 0; i < 80; i++) {
    const v = check();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  return check();
}

/** inotify fds of this process and the watches they hold (fdinfo has one `inotify wd:` line per watch). */
function inotifyUse(): { fds: number; watches: number } {
  let fds = 0;
  let watches = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue;
    }
    if (target !== 'anon_inode:inotify') continue;
    fds++;
    watches += readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8').split('\n').filter((l) => l.startsWith('inotify wd:')).length;
  }
  return { fds, watches };
}

describe.skipIf(reason)('ContainerWatcher with real runc containers', () => {
  it('knows a container started after it started from the watch, with no rescan of /proc', async () => {
    const root = join(base, 'mid-run');
    const { w, counts, changes } = watcherOf(root);
    w.start();
    const c = start(root, `watch-mid-${process.pid}`);
    const found = await within800ms(() => w.byMountNs(c.mntnsId));
    expect(found).toMatchObject<Partial<ContainerInfo>>({ id: c.name, name: c.name, runtime: 'runc', pid: c.pid, mntnsId: c.mntnsId });
    expect(changes).toEqual([`+${c.name}`]);
    expect(counts.procWalks, 'a full scan ran: the container was found by polling, not by the watch').toBe(1); // the first, at construction
    expect(counts.states).toBeGreaterThan(1);
  });

  it('drops a container once runc deletes it', async () => {
    const root = join(base, 'removed');
    const c = start(root, `watch-rm-${process.pid}`);
    const { w, counts, changes } = watcherOf(root);
    w.start();
    expect(w.byMountNs(c.mntnsId)?.name).toBe(c.name);
    c.remove();
    started = [];
    expect(await within800ms(() => !w.byMountNs(c.mntnsId))).toBe(true);
    expect(changes).toEqual([`-${c.name}`]);
    expect(counts.procWalks).toBe(1);
  });

  it('watches a state folder that is created after it started (a runtime started later)', async () => {
    const root = join(base, 'later', 'runc');
    const { w, counts } = watcherOf(root);
    w.start();
    expect(w.watched).toEqual([base]); // the nearest folder that exists, for `later` to appear in
    const c = start(root, `watch-late-${process.pid}`);
    expect((await within800ms(() => w.byMountNs(c.mntnsId)))?.name).toBe(c.name);
    expect(w.watched).toEqual([root, join(root, c.name)]);
    expect(counts.procWalks).toBe(1);
  });

  it('closes every inotify watch it opened when stopped', async () => {
    const root = join(base, 'closing');
    start(root, `watch-fd-${process.pid}`);
    const before = inotifyUse();
    const { w } = watcherOf(root);
    w.start();
    const during = inotifyUse();
    expect(during.watches - before.watches).toBe(2); // the root and the container's folder
    w.stop();
    const after = inotifyUse();
    expect(after.watches).toBe(before.watches);
    // libuv keeps one inotify fd per event loop, opened with the first watch
    expect(after.fds).toBeLessThanOrEqual(Math.max(before.fds, 1));
    expect(w.watched).toEqual([]);
  });
});
