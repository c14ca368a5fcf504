// Each template ships the event schema file its first build would generate:
// building a freshly rendered gadget finds it up to date (the build fails on
// a stale one), and the gadget type-checks before anything is built.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveOptions } from '../src/options.mjs';
import { renderGadget } from '../src/renderGadget.mjs';
import { writeGadget } from '../src/writeGadget.mjs';

const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'tools/bpf-build/bin/gadgetry-bpf-build.mjs');
// inside the workspace, so the rendered gadget resolves @gadgetry/native-bpf's headers
const work = join(import.meta.dirname, '.tmp', `templates-${process.pid}`);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the templates\' generated event schemas', () => {
  for (const template of ['trace', 'snapshot', 'top', 'profile']) {
    it(`the ${template} template's src/event.generated.ts is what its build generates`, () => {
      mkdirSync(work, { recursive: true });
      const dir = writeGadget(join(work, template), renderGadget(resolveOptions({ name: `tmpl_${template}`, template }), { standalone: true }));
      const r = spawnSync(process.execPath, [BIN], { cwd: dir, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).not.toMatch(/created|updated/);
    });
  }
});
