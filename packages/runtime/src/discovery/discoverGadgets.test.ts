import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chosenOver, discoverGadgets } from './discoverGadgets.js';
import { searchRoots } from './searchRoots.js';
import { tempProject, type TempProject } from '../../test/fixtures/tempProject.js';

let project: TempProject;
beforeEach(() => {
  project = tempProject();
});
afterEach(() => project.remove());

// The runtime is "installed" in the temp project's node_modules, so the workspace's own gadgets stay out of these tests
const opts = (extra: Parameters<typeof discoverGadgets>[0] = {}) => ({ runtimeDir: join(project.nodeModules, '@gadgetry', 'runtime'), sdkVersion: '0.1.0', ...extra });

describe('discoverGadgets', () => {
  it('finds plain and scoped gadget packages in the node_modules the runtime is installed in', () => {
    project.addGadget('hello_plain');
    project.addGadget('hello_scoped', { packageName: '@acme/gadget-hello' });
    project.addPackage('left-pad', { main: 'index.js' });
    const d = discoverGadgets(opts());
    expect(d.gadgets.map((g) => [g.manifest.name, g.packageName, g.source])).toEqual([
      ['hello_plain', 'gadget-hello_plain', 'runtime'],
      ['hello_scoped', '@acme/gadget-hello', 'runtime'],
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
    const d = discoverGadgets(opts({ runtimeDir }));
    expect(d.gadgets.map((g) => [g.manifest.name, g.source])).toEqual([['global_one', 'runtime']]);
  });

  it('counts a workspace symlink and its target once', () => {
    const real = project.addGadget('linked', { root: join(project.dir, 'packages') });
    symlinkSync(real, join(project.nodeModules, 'gadget-linked'));
    const d = discoverGadgets(opts({ gadgetPaths: [join(project.dir, 'packages')] }));
    expect(d.gadgets).toHaveLength(1);
    expect(d.problems).toEqual([]);
  });

  it('reports a broken manifest, bad JSON, an incompatible SDK and a duplicate as data: code, package, path and one line each', () => {
    project.addGadget('good');
    project.addPackage('gadget-broken', { gadgetry: { name: 'broken', entry: './index.js', sdk: '^0.1.0', category: 'trace', type: 'nope', description: 'x' } });
    mkdirSync(join(project.nodeModules, 'gadget-badjson'));
    writeFileSync(join(project.nodeModules, 'gadget-badjson', 'package.json'), '{ "gadgetry": ');
    project.addGadget('old', { sdk: '^9.0.0' });
    project.addGadget('good', { packageName: '@other/gadget-good' });
    const d = discoverGadgets(opts());
    expect(d.gadgets.map((g) => g.manifest.name)).toEqual(['good']);
    const nm = project.nodeModules;
    const real = (p: string) => realpathSync(p);
    expect(d.problems).toEqual([
      { code: 'PACKAGE_JSON_UNREADABLE', path: real(join(nm, 'gadget-badjson')), message: expect.stringMatching(/gadget-badjson: package.json is not valid JSON/) },
      { code: 'MANIFEST_INVALID', package: 'gadget-broken', path: real(join(nm, 'gadget-broken')), message: expect.stringMatching(/^gadget-broken \(.*\): invalid manifest, gadgetry\.type/) },
      {
        code: 'GADGET_SHADOWED',
        package: 'gadget-good',
        path: real(join(nm, 'gadget-good')),
        message: expect.stringMatching(/^gadget "good" is offered by both @other\/gadget-good \(.*\) and gadget-good \(.*\); run and describe refuse it/),
      },
      { code: 'SDK_INCOMPATIBLE', package: 'gadget-old', path: real(join(nm, 'gadget-old')), message: expect.stringMatching(/^gadget-old \(.*\): built for @gadgetry\/sdk \^9\.0\.0, but this runtime provides 0\.1\.0/) },
    ]);
    expect(d.rejected.map((r) => [r.name, r.code])).toEqual([
      ['broken', 'MANIFEST_INVALID'],
      ['old', 'SDK_INCOMPATIBLE'],
    ]);
    for (const p of d.problems) expect(p.message).not.toContain('\n');
  });

  it('lets --gadget-path override a same-named gadget in node_modules', () => {
    project.addGadget('same');
    project.addGadget('same', { root: join(project.dir, 'override'), packageName: 'my-same' });
    const d = discoverGadgets(opts({ gadgetPaths: [join(project.dir, 'override')] }));
    expect(d.gadgets.map((g) => g.packageName)).toEqual(['my-same']);
    expect(d.gadgets[0]!.shadowed.map((g) => g.packageName)).toEqual(['gadget-same']);
    expect(chosenOver(d.gadgets[0]!, d.gadgets[0]!.shadowed[0]!)).toBe(true);
    expect(d.problems).toEqual([
      {
        code: 'GADGET_OVERRIDDEN',
        package: 'gadget-same',
        path: realpathSync(join(project.nodeModules, 'gadget-same')),
        message: expect.stringMatching(/^gadget "same": my-same \(.*\), from a folder given with --gadget-path or GADGETRY_PATH, is used instead of gadget-same/),
      },
    ]);
  });

  it('does not search the working directory, nor node_modules folders above the runtime', () => {
    project.addGadget('planted'); // the temp project's own node_modules, above the runtime's
    const app = join(project.dir, 'app');
    project.addGadget('installed', { root: join(app, 'node_modules') });
    const cwd = process.cwd();
    process.chdir(project.dir);
    try {
      const d = discoverGadgets(opts({ runtimeDir: join(app, 'node_modules', '@gadgetry', 'runtime') }));
      expect(d.gadgets.map((g) => g.manifest.name)).toEqual(['installed']);
    } finally {
      process.chdir(cwd);
    }
  });

  it('finds the runtime of a workspace checkout through the node_modules link to it', () => {
    const runtime = join(project.dir, 'packages', 'runtime');
    mkdirSync(runtime, { recursive: true });
    mkdirSync(join(project.nodeModules, '@gadgetry'), { recursive: true });
    symlinkSync(runtime, join(project.nodeModules, '@gadgetry', 'runtime'));
    project.addGadget('ws');
    expect(searchRoots({ runtimeDir: runtime })).toEqual([{ dir: project.nodeModules, source: 'runtime' }]);
    expect(discoverGadgets(opts({ runtimeDir: runtime })).gadgets.map((g) => g.manifest.name)).toEqual(['ws']);
  });

  it('counts two packages offering one name in the same folder as unchosen, even in a --gadget-path folder', () => {
    const extra = join(project.dir, 'extra');
    project.addGadget('twice', { root: extra });
    project.addGadget('twice', { root: extra, packageName: '@acme/gadget-twice' });
    const d = discoverGadgets(opts({ gadgetPaths: [extra] }));
    const [g] = d.gadgets;
    expect(g!.shadowed).toHaveLength(1);
    expect(chosenOver(g!, g!.shadowed[0]!)).toBe(false);
  });

  it('rejects an entry that points outside its package', () => {
    project.addPackage('gadget-escape', { gadgetry: { name: 'escape', entry: '../other/index.js', sdk: '^0.1.0', description: 'x', category: 'trace', type: 'trace' } });
    const d = discoverGadgets(opts());
    expect(d.gadgets).toEqual([]);
    expect(d.problems).toEqual([expect.objectContaining({ code: 'MANIFEST_INVALID', message: expect.stringMatching(/gadget-escape .*gadgetry\.entry must name a file inside the package/) })]);
  });

  it('reports an operator package that does not say what it applies to', () => {
    project.addPackage('op-vague', { gadgetry: { kind: 'operator', name: 'vague', entry: './index.js', sdk: '^0.1.0', description: 'x' } });
    const d = discoverGadgets(opts());
    expect(d.operators).toEqual([]);
    expect(d.problems).toEqual([expect.objectContaining({ code: 'MANIFEST_INVALID', package: 'op-vague', message: expect.stringMatching(/op-vague .*gadgetry\.appliesTo is missing/) })]);
  });

  it('escapes control characters of planted names in problem lines', () => {
    project.addPackage('gadget-esc\u001b[2J', { name: 'evil\u001b]0;x\u0007', gadgetry: { name: 'esc', entry: './index.js', sdk: '^9', description: 'x', category: 'trace', type: 'trace' } });
    const [problem] = discoverGadgets(opts()).problems;
    expect(problem!.message).toContain('evil\\x1b]0;x\\x07');
    expect(problem!.message).not.toMatch(/[\u0000-\u001f]/);
    // the data keeps the name as the package gives it; whoever prints it escapes it
    expect(problem!.package).toBe('evil\u001b]0;x\u0007');
  });
});
