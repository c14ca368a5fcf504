import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_DIR, addonPlatform, findAddon, missingAddonMessage, prebuiltPlatforms } from './addonLocation.js';
import { addon } from './addon.js';

const work = mkdtempSync(join(tmpdir(), 'gadgetry-addon-location-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function fakePackage(name: string, files: string[]): string {
  const dir = join(work, name);
  for (const f of files) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), '');
  }
  return dir;
}

describe('the native addon this package loads', () => {
  it('is the prebuilt binary for this platform, in the prebuildify layout', () => {
    expect(addonPlatform()).toBe(`linux-${process.arch}`);
    expect(findAddon()).toEqual({ kind: 'prebuilt', path: join(PACKAGE_DIR, 'prebuilds', `linux-${process.arch}`, 'gadgetry_bpf.node') });
    expect(addon().libbpfVersion()).toMatch(/^v1\.\d+$/);
  });

  it('needs no shared library but glibc: libbpf, libelf, zlib and the C++ runtime are linked in', () => {
    const dynamic = execFileSync('readelf', ['-d', findAddon()!.path], { encoding: 'utf8' });
    const needed = [...dynamic.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1] ?? '').sort();
    expect(needed.length).toBeGreaterThan(0);
    for (const lib of needed) expect(lib).toMatch(/^(libc\.so\.6|libm\.so\.6|ld-linux-[\w-]+\.so\.\d)$/);
    // and the libraries' symbols stay inside it
    const exported = execFileSync('nm', ['-D', '--defined-only', findAddon()!.path], { encoding: 'utf8' });
    expect(exported).not.toMatch(/\bbpf_object__open\b|\belf_begin\b|\binflate\b/);
  });
});

describe('the prebuilt binaries the package ships', () => {
  it('are linux-x64 and linux-arm64, each for its machine and needing nothing but glibc', () => {
    expect(prebuiltPlatforms()).toEqual(['linux-arm64', 'linux-x64']);
    for (const [platform, machine] of [['linux-x64', 'Advanced Micro Devices X86-64'], ['linux-arm64', 'AArch64']] as const) {
      const file = join(PACKAGE_DIR, 'prebuilds', platform, 'gadgetry_bpf.node');
      expect(execFileSync('readelf', ['-h', file], { encoding: 'utf8' })).toMatch(new RegExp(`Machine:\\s+${machine}`));
      const needed = [...execFileSync('readelf', ['-d', file], { encoding: 'utf8' }).matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1] ?? '');
      expect(needed.filter((lib) => !/^(libc\.so\.6|libm\.so\.6|ld-linux-[\w-]+\.so\.\d)$/.test(lib)), platform).toEqual([]);
    }
  });
});

describe('findAddon', () => {
  it('prefers a source build on this host to the prebuilt binary', () => {
    const both = fakePackage('both', ['build/gadgetry_bpf.node', 'prebuilds/linux-x64/gadgetry_bpf.node']);
    expect(findAddon(both, 'linux-x64')).toEqual({ kind: 'source', path: join(both, 'build', 'gadgetry_bpf.node') });
    const prebuiltOnly = fakePackage('prebuilt-only', ['prebuilds/linux-x64/gadgetry_bpf.node', 'prebuilds/linux-arm64/gadgetry_bpf.node']);
    expect(findAddon(prebuiltOnly, 'linux-arm64')).toEqual({ kind: 'prebuilt', path: join(prebuiltOnly, 'prebuilds', 'linux-arm64', 'gadgetry_bpf.node') });
  });

  it('finds nothing for a platform without a binary, and the message names the platform, what ships and the build command', () => {
    const dir = fakePackage('other-platforms', ['prebuilds/linux-x64/gadgetry_bpf.node', 'prebuilds/linux-arm64/gadgetry_bpf.node', 'prebuilds/linux-ppc64/README']);
    expect(findAddon(dir, 'linux-x64-musl')).toBeUndefined();
    expect(prebuiltPlatforms(dir)).toEqual(['linux-arm64', 'linux-x64']);
    const message = missingAddonMessage(dir, 'linux-x64-musl');
    expect(message).toBe(
      `no native addon for linux-x64-musl: @gadgetry/native-bpf ships prebuilt binaries for linux-arm64, linux-x64 (${join(dir, 'prebuilds')}) ` +
        `and none was built here; build it from source with: node ${join(dir, 'scripts', 'build-addon.mjs')} (needs g++, pkg-config, libbpf-dev, libelf-dev and zlib1g-dev)`,
    );
    expect(message).not.toContain('\n');
    expect(message).not.toContain('npm run build -w'); // a command that works only inside the Gadgetry repository
  });
});
