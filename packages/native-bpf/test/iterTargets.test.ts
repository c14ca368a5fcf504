// Iterators told what to walk (Collection.attach's `iter` option: a map, a
// process or thread, a cgroup) and where to walk (Link.readIterator's
// `netns`: iterators over sockets see the network namespace they are created in).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collection, kernelAtLeast, kernelTestGate, prepareKernel } from '../src/index.js';
import { FIXTURE_BUILD } from './buildFixtures.js';

const skip = kernelTestGate();
const OBJECT = join(FIXTURE_BUILD, 'iterators.bpf.o');

const collections: Collection[] = [];
const load = () => {
  const c = Collection.load(OBJECT);
  collections.push(c);
  return c;
};
afterAll(() => {
  for (const c of collections) c.close();
});

/** Fixed-size rows of an iterator's output. */
function rows<T>(data: Buffer, size: number, read: (b: Buffer, at: number) => T): T[] {
  expect(data.length % size).toBe(0);
  return Array.from({ length: data.length / size }, (_, i) => read(data, i * size));
}
const tasks = (data: Buffer) => rows(data, 8, (b, at) => ({ pid: b.readUInt32LE(at), tgid: b.readUInt32LE(at + 4) }));
const sockets = (data: Buffer) => rows(data, 8, (b, at) => ({ netns: b.readUInt32LE(at), port: b.readUInt16LE(at + 4), state: b.readUInt16LE(at + 6) }));
const nsInode = (link: string) => Number(/\[(\d+)\]/.exec(readlinkSync(link))![1]);

describe.skipIf(skip)('iterators told what to walk', () => {
  beforeAll(() => prepareKernel());

  it('a task iterator given a pid walks only that process\'s threads; given a tid, only that thread', () => {
    const c = load();
    const all = tasks(c.attach('walk_tasks').readIterator());
    expect(new Set(all.map((t) => t.tgid)).size).toBeGreaterThan(5);
    const threads = readdirSync('/proc/self/task').map(Number).sort((a, b) => a - b);
    const mine = tasks(c.attach('walk_tasks', { iter: { task: { pid: process.pid } } }).readIterator());
    expect(mine.every((t) => t.tgid === process.pid)).toBe(true);
    // threads come and go in a Node process: every one listed is one of ours, and the main thread is there
    expect(mine.map((t) => t.pid)).toContain(process.pid);
    expect(mine.length).toBeGreaterThan(1);
    expect(mine.length).toBeLessThanOrEqual(threads.length + 4);
    const other = threads.find((t) => t !== process.pid)!;
    expect(tasks(c.attach('walk_tasks', { iter: { task: { tid: other } } }).readIterator())).toEqual([{ pid: other, tgid: process.pid }]);
  });

  it('a map-element iterator walks the map it is given, not another', () => {
    const c = load();
    const put = (map: string, key: number, value: bigint) => {
      const k = Buffer.alloc(4);
      k.writeUInt32LE(key);
      const v = Buffer.alloc(8);
      v.writeBigUInt64LE(value);
      c.map(map).update(k, v);
    };
    put('numbers', 1, 10n);
    put('numbers', 2, 2n ** 63n + 5n); // past 2^53: kept exact
    put('others', 7, 70n);
    const read = (map: string) =>
      rows(c.attach('walk_elems', { iter: { map: c.map(map) } }).readIterator(), 16, (b, at) => [b.readUInt32LE(at), b.readBigUInt64LE(at + 8)] as const).sort((a, b) => a[0] - b[0]);
    expect(read('numbers')).toEqual([
      [1, 10n],
      [2, 2n ** 63n + 5n],
    ]);
    expect(read('others')).toEqual([[7, 70n]]);
  });

  it('a cgroup iterator given a cgroup and the order "self" walks that cgroup only', () => {
    if (!kernelAtLeast('6.1')) return; // iter/cgroup arrived in 6.1
    const root = ['/sys/fs/cgroup/unified', '/sys/fs/cgroup'].find((d) => {
      try {
        return readdirSync(d).includes('cgroup.procs') && spawnSync('stat', ['-f', '-c', '%T', d], { encoding: 'utf8' }).stdout.trim() === 'cgroup2fs';
      } catch {
        return false;
      }
    });
    expect(root, 'a cgroup v2 hierarchy is mounted').toBeDefined();
    const fd = openSync(root!, 'r');
    try {
      const c = load();
      const ids = rows(c.attach('walk_cgroups', { iter: { cgroup: { fd, order: 'self' } } }).readIterator(), 8, (b, at) => b.readBigUInt64LE(at));
      // the cgroup's id is the inode number of its directory
      expect(ids).toEqual([BigInt(statSync(root!).ino)]);
    } finally {
      closeSync(fd);
    }
  });

  it('attachAll() leaves iterators alone: they run when read, with the arguments their attach gives', () => {
    const c = load();
    expect(c.attachAll().map((l) => l.program)).toEqual(['on_getppid']);
  });

  it('refuses iterator arguments for a program that is not an iterator, and a target that names two things', () => {
    const c = load();
    expect(() => c.attach('on_getppid', { iter: { task: { pid: process.pid } } })).toThrow(
      expect.objectContaining({ code: 'BPF_ATTACH_FAILED', message: expect.stringMatching(/^cannot attach program on_getppid \(tracepoint\/syscalls\/sys_enter_getppid\) with iterator arguments: it is not an iter\/\* program/) }),
    );
    expect(() => c.attach('walk_tasks', { iter: { task: { pid: 1, tid: 1 } as never } })).toThrow(new TypeError('attach(): iter.task names one of tid, pid or pidFd'));
    expect(() => c.attach('walk_tasks', { iter: { task: { pid: 1 }, map: c.map('numbers') } as never })).toThrow(/names one of map, task or cgroup, got task, map$/);
    expect(() => c.attach('walk_tasks', { iter: { task: { pid: 0 } } })).toThrow(RangeError);
  });
});

describe.skipIf(skip)('socket iterators created in another network namespace', () => {
  const name = `gadgetry-iter-${process.pid}`;
  const path = `/run/netns/${name}`;
  let server: ChildProcess | undefined;
  let port = 0;

  beforeAll(async () => {
    prepareKernel();
    expect(spawnSync('ip', ['netns', 'add', name]).status).toBe(0);
    spawnSync('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
    // a TCP listener that exists only inside that namespace
    server = spawn('ip', ['netns', 'exec', name, process.execPath, '-e', "const s = require('net').createServer().listen(0, '127.0.0.1', () => process.stdout.write(s.address().port + \"\\n\"))"], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    port = await new Promise<number>((resolve, reject) => {
      server!.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
      server!.once('exit', () => reject(new Error('the listener in the namespace exited')));
    });
  });
  afterAll(() => {
    server?.kill('SIGKILL');
    spawnSync('ip', ['netns', 'delete', name]);
  });

  it('lists the sockets of the namespace given by path or fd, and leaves every thread of this process where it was', () => {
    const c = load();
    const link = c.attach('walk_tcp');
    const host = nsInode('/proc/self/ns/net');
    const theirs = statSync(path).ino;
    const inside = sockets(link.readIterator({ netns: path }));
    expect(inside).toContainEqual({ netns: theirs, port, state: 10 }); // TCP_LISTEN
    expect(inside.every((s) => s.netns === theirs)).toBe(true);
    const fd = openSync(path, 'r');
    try {
      expect(sockets(link.readIterator({ netns: fd }))).toContainEqual({ netns: theirs, port, state: 10 });
    } finally {
      closeSync(fd);
    }
    const here = sockets(link.readIterator());
    expect(here.every((s) => s.netns === host)).toBe(true);
    expect(here.some((s) => s.netns === theirs)).toBe(false);
    for (const tid of readdirSync('/proc/self/task')) expect(nsInode(`/proc/self/task/${tid}/ns/net`)).toBe(host);
  });

  it('says which namespace it could not open or enter, with its own code', () => {
    const link = load().attach('walk_tcp');
    expect(() => link.readIterator({ netns: '/proc/999999999/ns/net' })).toThrow(
      expect.objectContaining({ code: 'BPF_ITER_NETNS_FAILED', errno: 2, message: expect.stringMatching(/^cannot open network namespace \/proc\/999999999\/ns\/net to iterate walk_tcp: No such file or directory/) }),
    );
    expect(() => link.readIterator({ netns: '/proc/self/ns/mnt' })).toThrow(
      expect.objectContaining({ code: 'BPF_ITER_NETNS_FAILED', errno: 22, message: expect.stringMatching(/^cannot enter network namespace \/proc\/self\/ns\/mnt/) }),
    );
    expect(() => link.readIterator({ netns: '' })).toThrow(TypeError);
    expect(() => link.readIterator({ netns: '' })).toThrow(/^readIterator\(options\): options\.netns must be a namespace file path or an fd$/);
    expect(() => link.readIterator({ netns: 999_999 })).toThrow(expect.objectContaining({ code: 'BPF_ITER_NETNS_FAILED', errno: 9, message: expect.stringMatching(/^cannot enter network namespace fd 999999 to iterate walk_tcp/) }));
  });
});
