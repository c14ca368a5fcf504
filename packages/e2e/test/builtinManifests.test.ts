// `gadgetry list` shows a gadget's package.json manifest without importing it;
// `run` uses its descriptor. Every built-in gadget must say the same in both.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GadgetCatalog, MANIFEST_FIELDS } from '@gadgetry/runtime';
import type { GadgetDescriptor } from '@gadgetry/sdk';
import { ROOT } from './fixtures/workspace.js';

const require = createRequire(import.meta.url);
const own = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { devDependencies: Record<string, string> };
/** The gadget packages this package depends on, and so runs. */
const gadgets = Object.keys(own.devDependencies).filter((name) => name.startsWith('@gadgetry/gadget-'));

interface GadgetPackage {
  name: string;
  gadgetry: Record<string, unknown> & { entry: string };
}

describe('built-in gadgets', () => {
  it('are all dependencies of this package, so each is built before, and is an input of, these tests', () => {
    const inWorkspace = readdirSync(join(ROOT, 'gadgets')).map(
      (dir) => (JSON.parse(readFileSync(join(ROOT, 'gadgets', dir, 'package.json'), 'utf8')) as GadgetPackage).name,
    );
    expect(gadgets.sort()).toEqual(inWorkspace.sort());
  });

  for (const name of gadgets) {
    it(`${name}: the package.json manifest says what the descriptor says`, async () => {
      const pkgPath = require.resolve(`${name}/package.json`);
      const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as GadgetPackage;
      const mod = (await import(pathToFileURL(join(dirname(pkgPath), pkg.gadgetry.entry)).href)) as { default: GadgetDescriptor };
      for (const field of MANIFEST_FIELDS) expect(pkg.gadgetry[field], field).toBe(mod.default[field]);
      // and the runtime, which refuses any difference, loads it
      const descriptor = await new GadgetCatalog().loadGadget(String(pkg.gadgetry.name));
      expect(descriptor.name).toBe(pkg.gadgetry.name);
    });
  }
});
