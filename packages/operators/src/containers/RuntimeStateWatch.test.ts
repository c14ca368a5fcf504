import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RuntimeStateWatch } from './RuntimeStateWatch.js';

let dir = '';
let watch: RuntimeStateWatch | undefined;
afterEach(() => {
  watch?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Waits (at most 1 s, polling) for `n()` to pass `than`. */
async function moreThan(n: () => number, than: number): Promise<number> {
  for (let i = 0; i < 100 && n() <= than; i++) await new Promise((r) => setTimeout(r, 10));
  return n();
}

describe('RuntimeStateWatch', () => {
  it('watches the nearest existing folder of missing roots, then the roots, their namespaces and containers, within its bound', () => {
    dir = mkdtempSync(join(tmpdir(), 'state-watch-'));
    const nested = join(dir, 'containerd', 'runc');
    const flat = join(dir, 'crun');
    watch = new RuntimeStateWatch([{ root: nested, nested: true }, { root: flat, nested: false }], () => {}, 4);
    watch.sync();
    expect(watch.watched).toEqual([dir]);
    mkdirSync(join(dir, 'containerd'));
    watch.sync();
    expect(watch.watched.sort()).toEqual([dir, join(dir, 'containerd')].sort());
    for (const c of ['c1', 'c2']) mkdirSync(join(nested, 'k8s.io', c), { recursive: true });
    mkdirSync(join(flat, 'web'), { recursive: true });
    expect(watch.sync()).toBe(true);
    // roots first, then the namespace, then containers in the roots' order: cut at 4
    expect(watch.watched.sort()).toEqual([nested, flat, join(nested, 'k8s.io'), join(nested, 'k8s.io', 'c1')].sort());
    expect(watch.sync()).toBe(false); // nothing new
    watch.close();
    expect(watch.watched).toEqual([]);
    expect(watch.sync()).toBe(false);
  });

  it('reports a container folder and its state file appearing, and ignores other entries beside a missing root', async () => {
    dir = mkdtempSync(join(tmpdir(), 'state-watch-'));
    const root = join(dir, 'runc');
    let changes = 0;
    watch = new RuntimeStateWatch([{ root, nested: false }], () => changes++);
    watch.sync();
    writeFileSync(join(dir, 'unrelated'), 'x'); // beside the missing root: not its name
    mkdirSync(root);
    expect(await moreThan(() => changes, 0)).toBe(1);
    watch.sync();
    mkdirSync(join(root, 'web'));
    expect(await moreThan(() => changes, 1)).toBe(2);
    watch.sync();
    writeFileSync(join(root, 'web', 'state.json'), '{}');
    expect(await moreThan(() => changes, 2)).toBeGreaterThanOrEqual(3);
  });
});
