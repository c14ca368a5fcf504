// The packaging conventions of docs/releasing.md, checked on every workspace
// package.json, so a new gadget or package that does not follow them fails
// here rather than on a user's machine after a release.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM script of tools/registry-release, without type declarations
import { workspacePackages } from '../../../tools/registry-release/src/workspacePackages.mjs';
import { ROOT } from './fixtures/releasedRegistry.js';

interface Pkg {
  name: string;
  private?: boolean;
  files?: string[];
  exports?: Record<string, unknown>;
  scripts?: Record<string, string>;
  publishConfig?: { access?: string };
  gadgetry?: { kind?: string; sdk?: string };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const all = (workspacePackages(ROOT) as { dir: string }[]).map(({ dir }) => ({ dir, pkg: JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as Pkg }));
const published = all.filter((p) => !p.pkg.private);

/** Entries beside the index: the gadgetry command's narrower start, and the browser-safe parts a web page bundles. */
const SUBPATHS: Record<string, string[]> = {
  '@gadgetry/runtime': ['./cli-process', './wire'],
  '@gadgetry/operators': ['./filter-syntax'],
};

describe('every public package', () => {
  it('says what it ships, publishes publicly and runs nothing at install', () => {
    for (const { dir, pkg } of published) {
      expect(pkg.files, dir).toEqual(expect.arrayContaining(['README.md', 'CHANGELOG.md']));
      expect(pkg.files!.filter((f) => /(^|\/)(test|tests)(\/|$)|\.test\.|^build/.test(f)), dir).toEqual([]);
      expect(pkg.publishConfig?.access, dir).toBe('public');
      expect(Object.keys(pkg.scripts ?? {}).filter((s) => /^(pre|post)?install$/.test(s)), dir).toEqual([]);
      // the public API is the index; the few other entries each have a reason (SUBPATHS)
      if (pkg.exports) expect(Object.keys(pkg.exports).sort(), dir).toEqual(['.', './package.json', ...(SUBPATHS[pkg.name] ?? [])].sort());
    }
  });

  it('gadgets, operators and shapes take the SDK as a peer, with the range their manifest declares', () => {
    const peers = published.filter(({ pkg }) => pkg.gadgetry || pkg.name === '@gadgetry/shapes');
    expect(peers.length).toBeGreaterThan(4);
    for (const { dir, pkg } of peers) {
      expect(pkg.dependencies?.['@gadgetry/sdk'], `${dir}: @gadgetry/sdk is a peer, not a dependency`).toBeUndefined();
      expect(pkg.peerDependencies?.['@gadgetry/sdk'], dir).toMatch(/^\^\d+\.\d+\.\d+$/);
      if (pkg.gadgetry) expect(pkg.gadgetry.sdk, dir).toBe(pkg.peerDependencies!['@gadgetry/sdk']);
    }
  });

  it('gadgets ship their compiled BPF object and are all standard gadgets of the gadgetry command', () => {
    const gadgets = all.filter(({ dir }) => dir.startsWith('gadgets/'));
    const cli = all.find(({ pkg }) => pkg.name === 'gadgetry')!.pkg;
    for (const { dir, pkg } of gadgets) {
      expect(pkg.files, dir).toContain('dist');
      expect(pkg.scripts?.build, dir).toMatch(/^gadgetry-bpf-build/);
      expect(Object.keys(cli.dependencies ?? {}), `${pkg.name} is missing from packages/cli/package.json's dependencies`).toContain(pkg.name);
    }
  });
});
