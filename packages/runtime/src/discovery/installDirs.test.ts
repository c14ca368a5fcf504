// The gadgetry command's package brings the runtime as a dependency, nested in
// its own node_modules after `npm i -g gadgetry`; gadgets installed globally
// beside the command live one level up, in the prefix's node_modules.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverGadgets } from './discoverGadgets.js';
import { searchRoots } from './searchRoots.js';
import { tempProject, type TempProject } from '../../test/fixtures/tempProject.js';

let project: TempProject;
beforeEach(() => {
  project = tempProject();
});
afterEach(() => project.remove());

describe('the node_modules the gadgetry command is installed in', () => {
  it('is searched after the runtime\'s own, so npm i -g gadget-x beside npm i -g gadgetry is found', () => {
    const prefixModules = join(project.dir, 'prefix', 'lib', 'node_modules');
    const cli = join(prefixModules, 'gadgetry');
    const nested = join(cli, 'node_modules');
    const runtimeDir = join(nested, '@gadgetry', 'runtime');
    mkdirSync(runtimeDir, { recursive: true });
    project.addGadget('standard_one', { root: nested });
    project.addGadget('beside_one', { root: prefixModules });

    expect(searchRoots({ runtimeDir, installDirs: [cli] })).toEqual([
      { dir: nested, source: 'runtime' },
      { dir: prefixModules, source: 'runtime' },
    ]);
    const d = discoverGadgets({ runtimeDir, installDirs: [cli], sdkVersion: '0.1.0' });
    expect(d.gadgets.map((g) => g.manifest.name)).toEqual(['beside_one', 'standard_one']);
    expect(d.problems).toEqual([]);
    // without the command's folder, only what it brought along
    expect(discoverGadgets({ runtimeDir, sdkVersion: '0.1.0' }).gadgets.map((g) => g.manifest.name)).toEqual(['standard_one']);
  });

  it('adds nothing when the command and the runtime share one node_modules (a project install, npx)', () => {
    const modules = project.nodeModules;
    const runtimeDir = join(modules, '@gadgetry', 'runtime');
    mkdirSync(runtimeDir, { recursive: true });
    mkdirSync(join(modules, 'gadgetry'), { recursive: true });
    expect(searchRoots({ runtimeDir, installDirs: [join(modules, 'gadgetry')] })).toEqual([{ dir: modules, source: 'runtime' }]);
  });
});
