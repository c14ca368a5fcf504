import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package folder: the addon and its build script are found from here. */
export const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const FILE = 'gadgetry_bpf.node';

/** glibc or musl: a binary built against one does not load on the other. */
function isMusl(): boolean {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return process.platform === 'linux' && !report?.header?.glibcVersionRuntime;
}

/** The prebuilds/ folder name for this host, in prebuildify's layout: linux-x64, linux-arm64, linux-x64-musl. */
export function addonPlatform(): string {
  return `${process.platform}-${process.arch}${isMusl() ? '-musl' : ''}`;
}

export interface AddonLocation {
  path: string;
  /** `source`: built on this host by scripts/build-addon.mjs; `prebuilt`: shipped in the package. */
  kind: 'source' | 'prebuilt';
}

/** Where the addon may be: a source build on this host first (it is there because the user asked for it), then the prebuilt binary. */
export function addonCandidates(dir = PACKAGE_DIR, platform = addonPlatform()): AddonLocation[] {
  return [
    { path: join(dir, 'build', FILE), kind: 'source' },
    { path: join(dir, 'prebuilds', platform, FILE), kind: 'prebuilt' },
  ];
}

export function findAddon(dir = PACKAGE_DIR, platform = addonPlatform()): AddonLocation | undefined {
  return addonCandidates(dir, platform).find((c) => existsSync(c.path));
}

/** The platforms the package has prebuilt binaries for. */
export function prebuiltPlatforms(dir = PACKAGE_DIR): string[] {
  try {
    return readdirSync(join(dir, 'prebuilds')).filter((p) => existsSync(join(dir, 'prebuilds', p, FILE))).sort();
  } catch {
    return [];
  }
}

/** The command that builds the addon from source on this host. */
export function sourceBuildCommand(dir = PACKAGE_DIR): string {
  return `node ${join(dir, 'scripts', 'build-addon.mjs')} (needs g++, pkg-config, libbpf-dev, libelf-dev and zlib1g-dev)`;
}

/** One line: which platform has no binary, which ones do, and how to build one. */
export function missingAddonMessage(dir = PACKAGE_DIR, platform = addonPlatform()): string {
  const have = prebuiltPlatforms(dir);
  return (
    `no native addon for ${platform}: @gadgetry/native-bpf ships prebuilt binaries for ${have.length ? have.join(', ') : 'no platform'} ` +
    `(${join(dir, 'prebuilds')}) and none was built here; build it from source with: ${sourceBuildCommand(dir)}`
  );
}
