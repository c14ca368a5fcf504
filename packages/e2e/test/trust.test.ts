// What `gadgetry` imports when it runs as root, next to the installed gadgets:
// planted packages write a marker file when imported, and the tests check it
// never appears (the cases without installed gadgets are in
// packages/runtime/test/trust.test.ts).
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { NOBODY, ROOT_ONLY as env, gadgetManifest, operatorManifest } from '../../runtime/test/fixtures/plantedPackages.js';
import { chownTree, markerEntrySource, tempProject, type TempProject } from '../../runtime/test/fixtures/tempProject.js';
import { runCli } from '../../runtime/test/fixtures/runCli.js';

const skip = kernelTestGate();

let project: TempProject;
const marker = (what: string) => join(project.dir, `imported-${what}`);
beforeEach(() => {
  project = tempProject();
});
afterEach(() => project.remove());

describe.skipIf(skip)('the installed gadgets and code planted beside them', () => {
  it('a package planted in node_modules above the working directory is never imported; the installed gadget is used', async () => {
    chmodSync(project.dir, 0o1777); // a shared folder like /tmp
    for (const name of ['trace_exec', 'trace_open']) project.addPackage(`gadget-${name}`, gadgetManifest(name), { 'index.js': markerEntrySource(marker(name), name) });
    project.addPackage('evil-operators', operatorManifest('evil', 'all'), { 'index.js': markerEntrySource(marker('operator')) });
    chownTree(project.nodeModules, NOBODY);
    const cwd = join(project.dir, 'work', 'deep');
    mkdirSync(cwd, { recursive: true });

    const d = await runCli(['describe', 'trace_exec'], cwd, { env });
    expect(existsSync(marker('trace_exec'))).toBe(false);
    expect(existsSync(marker('operator'))).toBe(false);
    expect(d.stderr).toBe('');
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/^Package: +@gadgetry\/gadget-trace_exec /m);
    const r = await runCli(['run', 'trace_open', '--timeout', '0.3', '-o', 'json'], cwd, { env });
    expect(existsSync(marker('trace_open'))).toBe(false);
    expect(r.stderr).toMatch(/^\{"summary":\{"gadget":"trace_open",[^\n]*\}\}\n$/);
    expect(r.code).toBe(0);
    const l = await runCli(['list'], cwd, { env });
    expect(l.stdout).toMatch(/^trace_open\s.*@gadgetry\/gadget-trace_open\s/m);
    expect(l.stdout + l.stderr).not.toContain(project.dir);
  });

  it('a folder given with --gadget-path may replace an installed gadget, and list says so', async () => {
    const extra = join(project.dir, 'extra');
    project.addGadget('trace_open', { root: extra, packageName: 'my-trace-open' });
    const d = await runCli(['describe', 'trace_open', '--gadget-path', extra], project.dir, { env });
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/^Package: +my-trace-open 1\.2\.3$/m);
    const l = await runCli(['list', '--gadget-path', extra], project.dir, { env });
    expect(l.stderr).toMatch(/^warning: gadget "trace_open": my-trace-open \(.*\), from a folder given with --gadget-path or GADGETRY_PATH, is used instead of @gadgetry\/gadget-trace_open /m);
  });
});
