import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MANIFEST_SIZE_LIMIT, readManifestFile } from './readManifestFile.js';
import { readPackageManifests } from './readPackageManifests.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gadgetry-manifest-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function pkg(name: string): string {
  const p = join(dir, name);
  mkdirSync(p);
  return join(p, 'package.json');
}

describe('readManifestFile', () => {
  it('reads a regular package.json', () => {
    const file = pkg('ok');
    writeFileSync(file, '{"name":"ok"}');
    expect(readManifestFile(file)).toEqual({ text: '{"name":"ok"}' });
  });

  it('says a folder without package.json is not a package', () => {
    expect(readManifestFile(join(dir, 'nothing', 'package.json'))).toEqual({ missing: true });
  });

  it('refuses a FIFO without blocking', () => {
    const file = pkg('fifo');
    execFileSync('mkfifo', [file]);
    expect(readManifestFile(file)).toEqual({ refused: 'package.json is a FIFO, not a regular file; remove it' });
  });

  it('refuses a symlink to /dev/zero without reading it', () => {
    const file = pkg('zero');
    symlinkSync('/dev/zero', file);
    expect(readManifestFile(file)).toEqual({ refused: 'package.json is a character device, not a regular file; remove it' });
  });

  it('refuses a directory named package.json', () => {
    mkdirSync(pkg('dir'));
    expect(readManifestFile(join(dir, 'dir', 'package.json'))).toEqual({ refused: 'package.json is a directory, not a regular file; remove it' });
  });

  it('refuses a file over the size limit, and reads one at the limit', () => {
    const big = pkg('big');
    writeFileSync(big, Buffer.alloc(MANIFEST_SIZE_LIMIT + 1, 0x20));
    expect(readManifestFile(big)).toEqual({ refused: `package.json is ${MANIFEST_SIZE_LIMIT + 1} bytes, over the ${MANIFEST_SIZE_LIMIT}-byte limit for a manifest; remove it` });
    const edge = pkg('edge');
    writeFileSync(edge, Buffer.alloc(MANIFEST_SIZE_LIMIT, 0x20));
    expect((readManifestFile(edge) as { text: string }).text).toHaveLength(MANIFEST_SIZE_LIMIT);
  });

  it('with a key to look for: skips a manifest without it, reads one with it, and refuses what it refused before', () => {
    const key = { mustContain: Buffer.from('"gadgetry"') };
    const plain = pkg('plain');
    writeFileSync(plain, '{"name":"plain"}');
    expect(readManifestFile(plain, key)).toEqual({ without: true });
    const gadget = pkg('gadget');
    writeFileSync(gadget, '{"name":"g","gadgetry":{}}');
    expect(readManifestFile(gadget, key)).toEqual({ text: '{"name":"g","gadgetry":{}}' });
    // past the one read of the fast path: the key after 64 KiB is still found
    const long = pkg('long');
    writeFileSync(long, `{"description":"${'x'.repeat(70_000)}","gadgetry":{}}`);
    expect((readManifestFile(long, key) as { text: string }).text).toHaveLength(70_032);
    const fifo = pkg('fifo');
    execFileSync('mkfifo', [fifo]);
    expect(readManifestFile(fifo, key)).toEqual({ refused: 'package.json is a FIFO, not a regular file; remove it' });
    const zero = pkg('zero');
    symlinkSync('/dev/zero', zero);
    expect(readManifestFile(zero, key)).toEqual({ refused: 'package.json is a character device, not a regular file; remove it' });
    const big = pkg('big');
    writeFileSync(big, Buffer.alloc(MANIFEST_SIZE_LIMIT + 1, 0x20));
    expect(readManifestFile(big, key)).toEqual({ refused: `package.json is ${MANIFEST_SIZE_LIMIT + 1} bytes, over the ${MANIFEST_SIZE_LIMIT}-byte limit for a manifest; remove it` });
  });

  it('gives discovery one problem line per refused manifest and goes on', () => {
    execFileSync('mkfifo', [pkg('a-fifo')]);
    symlinkSync('/dev/zero', pkg('b-zero'));
    writeFileSync(pkg('c-gadget'), JSON.stringify({ name: 'c', gadgetry: { name: 'c' } }));
    const { found, broken } = readPackageManifests(dir);
    expect(found.map((f) => f.json.name)).toEqual(['c']);
    expect(broken.map((b) => `${b.dir}: ${b.reason}`)).toEqual([
      `${join(dir, 'a-fifo')}: package.json is a FIFO, not a regular file; remove it`,
      `${join(dir, 'b-zero')}: package.json is a character device, not a regular file; remove it`,
    ]);
  });
});
