import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverGadgets } from './discoverGadgets.js';
import { tempProject, type TempProject } from '../../test/fixtures/tempProject.js';

let project: TempProject;
beforeEach(() => {
  project = tempProject();
});
afterEach(() => project.remove());

// runtimeDir points inside the temp project so the workspace's own gadgets stay out of these tests
const opts = (extra: Parameters<typeof discoverGadgets>[0] = {}) => ({ cwd: project.dir, runtimeDir: project.dir, sdkVersion: '0.1.0', ...extra });

describe('discoverGadgets', () => {
  it('finds plain and scoped gadget packages in the project node_modules', () => {
    project.addGadget('hello_plain');
    project.addGadget('hello_scoped', { packageName: '@acme/gadget-hello' });
    project.addPackage('left-pad', { main: 'index.js' });
    const d = discoverGadgets(opts());
    expect(d.gadgets.map((g) => [g.manifest.name, g.packageName, g.source])).toEqual([
      ['hello_plain', 'gadget-hello_plain', 'project'],
      ['hello_scoped', '@acme/gadget-hello', 'project'],
    ]);
    expect(d.problems).toEqual([]);
  });

  it('finds packages in --gadget-path and GADGETRY_PATH folders, and a single package folder', () => {
    const extra = join(project.dir, 'extra');
    const single = join(project.dir, 'single');
    project.addGadget('from_flag', { root: extra });
    mkdirSync(single);
    const pkg = project.addGadget('from_env', { root: join(project.dir, 'envroot') });
    symlinkSync(pkg, join(single, 'pkg'));
    const d = discoverGadgets(opts({ gadgetPaths: [extra], envPath: join(single, 'pkg') }));
    expect(d.gadgets.map((g) => [g.manifest.name, g.source])).toEqual([
      ['from_env', 'path'],
      ['from_flag', 'path'],
    ]);
  });

  it('finds packages in the node_modules the runtime is installed in (global installs)', () => {
    const globalRoot = join(project.dir, 'global', 'lib', 'node_modules');
    project.addGadget('global_one', { root: globalRoot });
    const runtimeDir = join(globalRoot, '@gadgetry', 'runtime');
    mkdirSync(runtimeDir, { recursive: true });
    const d = discoverGadgets(opts({ runtimeDir, cwd: join(project.dir, 'global') }));
    expect(d.gadgets.map((g) => [g.manifest.name, g.source])).toEqual([['global_one', 'runtime']]);
  });

  it('counts a workspace symlink and its target once', () => {
    const real = project.addGadget('linked', { root: join(project.dir, 'packages') });
    symlinkSync(real, join(project.nodeModules, 'gadget-linked'));
    const d = discoverGadgets(opts({ gadgetPaths: [join(project.dir, 'packages')] }));
    expect(d.gadgets).toHaveLength(1);
    expect(d.problems).toEqual([]);
  });

  it('reports a broken manifest, bad JSON, an incompatible SDK and a duplicate, one line each', () => {
    project.addGadget('good');
    project.addPackage('gadget-broken', { gadgetry: { name: 'broken', entry: './index.js', sdk: '^0.1.0', category: 'trace', type: 'nope', description: 'x' } });
    mkdirSync(join(project.nodeModules, 'gadget-badjson'));
    writeFileSync(join(project.nodeModules, 'gadget-badjson', 'package.json'), '{ "gadgetry": ');
    project.addGadget('old', { sdk: '^9.0.0' });
    project.addGadget('good', { packageName: '@other/gadget-good' });
    const d = discoverGadgets(opts());
    expect(d.gadgets.map((g) => g.manifest.name)).toEqual(['good']);
    expect(d.problems).toHaveLength(4);
    const text = d.problems.join('\n');
    expect(text).toMatch(/gadget-broken .*invalid manifest, gadgetry\.type/);
    expect(text).toMatch(/gadget-badjson: package.json is not valid JSON/);
    expect(text).toMatch(/gadget-old: built for @gadgetry\/sdk \^9\.0\.0, but this runtime provides 0\.1\.0/);
    expect(text).toMatch(/gadget name "good" is already provided by/);
    for (const line of d.problems) expect(line).not.toContain('\n');
  });

  it('lets --gadget-path override a same-named gadget in node_modules', () => {
    project.addGadget('same');
    project.addGadget('same', { root: join(project.dir, 'override'), packageName: 'my-same' });
    const d = discoverGadgets(opts({ gadgetPaths: [join(project.dir, 'override')] }));
    expect(d.gadgets.map((g) => g.packageName)).toEqual(['my-same']);
    expect(d.problems).toHaveLength(1);
  });
});
