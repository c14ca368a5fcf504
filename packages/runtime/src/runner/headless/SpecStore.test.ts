import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TrustPolicy } from '../../registry/TrustPolicy.js';
import { SpecStore, type SavedRun } from './SpecStore.js';

const skip = process.getuid?.() !== 0 ? 'making folders owned by another user needs root' : undefined;
if (skip && process.env.GADGETRY_STRICT === '1') throw new Error(`${skip}, and GADGETRY_STRICT=1 forbids skipping`);

let base: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'gadgetry-specs-'));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

const saved = (name: string, params: Record<string, unknown> = {}): SavedRun => ({
  spec: { name, gadget: 'trace_exec', params, options: { timeoutMs: 5000, strict: true }, createdAt: '2026-11-26T02:00:00.000Z' },
  resumed: 2,
});
const store = (dir: string) => new SpecStore(dir, () => new TrustPolicy([0]));

describe('SpecStore', () => {
  it('creates the folder 0700 and writes each spec 0600, through a temp file renamed over it', () => {
    const dir = join(base, 'state', 'headless');
    const s = store(dir);
    s.save(saved('execs', { pid: 12n ** 20n, comm: 'bash' }));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'execs.json')).mode & 0o777).toBe(0o600);
    // nothing half-written is left beside it
    expect(readdirSync(dir)).toEqual(['execs.json']);
    const before = statSync(join(dir, 'execs.json')).ino;
    s.save({ ...saved('execs'), resumed: 3 });
    // a new file took the old one's place (a reader sees one or the other, whole)
    expect(statSync(join(dir, 'execs.json')).ino).not.toBe(before);
    expect(readdirSync(dir)).toEqual(['execs.json']);
    expect(JSON.parse(readFileSync(join(dir, 'execs.json'), 'utf8'))).toMatchObject({ format: 'gadgetry-headless-run', version: 1, name: 'execs', resumed: 3 });
  });

  it('reads back what it saved, BigInt params exactly; deleted specs are gone', () => {
    const s = store(join(base, 'st'));
    const big = 2n ** 64n - 1n;
    s.save(saved('b-run', { mntns: big, name: 'x' }));
    s.save(saved('a-run'));
    const loaded = s.load();
    expect(loaded.map((l) => l.name)).toEqual(['a-run', 'b-run']);
    expect(loaded[1]).toEqual({ name: 'b-run', saved: saved('b-run', { mntns: big, name: 'x' }) });
    expect(s.has('a-run')).toBe(true);
    s.delete('a-run');
    s.delete('a-run');
    expect(s.has('a-run')).toBe(false);
    expect(s.load().map((l) => l.name)).toEqual(['b-run']);
  });

  it('leaves the old spec whole and no temp file when the rename fails', () => {
    const dir = join(base, 'st');
    const s = store(dir);
    s.save(saved('keep'));
    const old = readFileSync(join(dir, 'keep.json'), 'utf8');
    // a folder where the file should go: rename(2) refuses to replace it
    mkdirSync(join(dir, 'blocked.json'));
    expect(() => s.save(saved('blocked'))).toThrow(expect.objectContaining({ code: 'OUTPUT_FAILED' }));
    expect(readdirSync(dir).sort()).toEqual(['blocked.json', 'keep.json']);
    expect(readFileSync(join(dir, 'keep.json'), 'utf8')).toBe(old);
  });

  it.skipIf(skip)('refuses a state folder that its group can write, or that another user owns (UNTRUSTED_PATH)', () => {
    const dir = join(base, 'st');
    store(dir).save(saved('execs'));
    chmodSync(dir, 0o770);
    expect(() => store(dir).load()).toThrow(expect.objectContaining({ code: 'UNTRUSTED_PATH', message: expect.stringContaining('writable by its group') }));
    expect(() => store(dir).save(saved('other'))).toThrow(expect.objectContaining({ code: 'UNTRUSTED_PATH' }));
    chmodSync(dir, 0o700);
    chownSync(dir, 65534, 0);
    expect(() => store(dir).load()).toThrow(expect.objectContaining({ code: 'UNTRUSTED_PATH', message: expect.stringContaining('owned by uid 65534') }));
    chownSync(dir, 0, 0);
    expect(store(dir).load().map((l) => l.name)).toEqual(['execs']);
  });

  it.skipIf(skip)('reports a spec file another user owns, a group-writable one and one that is not a spec, by name, and reads the rest', () => {
    const dir = join(base, 'st');
    const s = store(dir);
    s.save(saved('good'));
    s.save(saved('foreign'));
    chownSync(join(dir, 'foreign.json'), 65534, 0);
    s.save(saved('loose'));
    chmodSync(join(dir, 'loose.json'), 0o620);
    writeFileSync(join(dir, 'junk.json'), '{"format":"something else"}', { mode: 0o600 });
    writeFileSync(join(dir, 'renamed.json'), readFileSync(join(dir, 'good.json')), { mode: 0o600 });
    const byName = Object.fromEntries(s.load().map((l) => [l.name, 'error' in l ? l.error.code : 'ok']));
    expect(byName).toEqual({ foreign: 'UNTRUSTED_PATH', good: 'ok', junk: 'RUN_SPEC_INVALID', loose: 'UNTRUSTED_PATH', renamed: 'RUN_SPEC_INVALID' });
  });

  it('holds no runs when the folder does not exist yet', () => {
    expect(store(join(base, 'none')).load()).toEqual([]);
  });
});
