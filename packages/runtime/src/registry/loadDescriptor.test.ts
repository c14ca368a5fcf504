import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GadgetCatalog } from './GadgetCatalog.js';
import { helloGadgetSource, helloManifest, tempProject, type TempProject } from '../../test/fixtures/tempProject.js';

let project: TempProject;
beforeEach(() => {
  project = tempProject();
});
afterEach(() => project.remove());

/** A catalog of the temp project's gadgets, as a runtime installed in it would see them. */
const catalog = () => new GadgetCatalog({ runtimeDir: join(project.nodeModules, '@gadgetry', 'runtime'), sdkVersion: '0.1.0' });

describe('loading a gadget checks its manifest against its descriptor', () => {
  it('loads a gadget whose manifest says what its descriptor says', async () => {
    project.addGadget('hello');
    await expect(catalog().loadGadget('hello')).resolves.toMatchObject({ name: 'hello', description: 'says hello (hello)', category: 'trace', type: 'trace' });
  });

  const cases: [field: string, manifest: Record<string, string>, line: string][] = [
    ['name', { name: 'hullo' }, 'gadgetry.name in package.json is "hullo" but the descriptor says "hello"'],
    ['description', { description: 'says goodbye' }, 'gadgetry.description in package.json is "says goodbye" but the descriptor says "says hello (hello)"'],
    ['category', { category: 'snapshot' }, 'gadgetry.category in package.json is "snapshot" but the descriptor says "trace"'],
    ['type', { type: 'one-shot' }, 'gadgetry.type in package.json is "one-shot" but the descriptor says "trace"'],
  ];
  for (const [field, differs, line] of cases) {
    it(`refuses a gadget whose ${field} differs, in one line naming the field and what to do`, async () => {
      const manifest = { ...helloManifest('hello'), ...differs };
      project.addPackage('gadget-hello', { gadgetry: manifest }, { 'index.js': helloGadgetSource('hello') });
      const err = await catalog().loadGadget(manifest.name).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toMatchObject({
        code: 'MANIFEST_MISMATCH',
        field,
        message: `gadget "${manifest.name}" (gadget-hello): ${line}; make them equal (list shows package.json, run uses the descriptor)`,
      });
    });
  }

  it('escapes and clips what the package says, keeping the advice on the line', async () => {
    const manifest = { ...helloManifest('hello'), description: `\x1b[2J${'x'.repeat(500)}` };
    project.addPackage('gadget-hello', { gadgetry: manifest }, { 'index.js': helloGadgetSource('hello') });
    const err = (await catalog().loadGadget('hello').catch((e: unknown) => e)) as Error;
    expect(err.message).toBe(
      `gadget "hello" (gadget-hello): gadgetry.description in package.json is "\\x1b[2J${'x'.repeat(33)}…" (504 characters) ` +
        'but the descriptor says "says hello (hello)"; make them equal (list shows package.json, run uses the descriptor)',
    );
  });
});
