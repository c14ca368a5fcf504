// What `gadgetry` imports when it runs as root, proven with the real CLI: planted
// packages write a marker file when imported, and the tests check it never appears.
// Cases that involve the installed gadgets are in packages/e2e/test/trust.test.ts.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NOBODY, ROOT_ONLY as env, gadgetManifest, operatorManifest } from './fixtures/plantedPackages.js';
import { CLI, chownTree, installRuntimeCopy, markerEntrySource, tempProject, type TempProject } from './fixtures/tempProject.js';
import { runCli } from './fixtures/runCli.js';

const skip = process.getuid?.() !== 0 ? 'planting files owned by another user needs root' : undefined;
if (skip && process.env.GADGETRY_STRICT === '1') throw new Error(`${skip}, and GADGETRY_STRICT=1 forbids skipping`);

const TAGGER = `import { Type, defineOperator } from '@gadgetry/sdk';
export default defineOperator({
  name: 'tagger',
  description: 'tags hello events',
  params: Type.Object({ tag: Type.String({ default: '', description: 'Tag to add' }) }),
  canOperateOn: () => true,
  instantiate: () => ({}),
});
`;

let project: TempProject;
const marker = (what: string) => join(project.dir, `imported-${what}`);
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at /);

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the runtime first (npx nx build @gadgetry/runtime)`);
});
beforeEach(() => {
  project = tempProject();
});
afterEach(() => project.remove());

describe.skipIf(skip)('code planted where gadgetry looks', () => {
  it('a folder given with --gadget-path that another user owns is refused in one line saying what to do', async () => {
    project.addPackage('gadget-trace_exec', gadgetManifest('trace_exec'), { 'index.js': markerEntrySource(marker('trace_exec'), 'trace_exec') });
    chownTree(project.nodeModules, NOBODY);
    const r = await runCli(['describe', 'trace_exec', '--gadget-path', project.nodeModules], project.dir, { env });
    expect(r.stderr).toBe(
      `error: refusing to load gadget "trace_exec" (gadget-trace_exec): ${project.nodeModules} is owned by uid ${NOBODY}, not root; ` +
        `if you trust what it holds run chown root ${project.nodeModules}, otherwise remove it [UNTRUSTED_PATH]\n`,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(existsSync(marker('trace_exec'))).toBe(false);
  });

  it('GADGETRY_PATH code in a group-writable package or under a world-writable, non-sticky folder is refused', async () => {
    const pkg = project.addPackage('gadget-hello', gadgetManifest('hello'), { 'index.js': markerEntrySource(marker('group'), 'hello') }, join(project.dir, 'own'));
    chmodSync(pkg, 0o775);
    const r = await runCli(['run', 'hello'], project.dir, { env: { ...env, GADGETRY_PATH: join(project.dir, 'own') } });
    expect(r.stderr).toBe(`error: refusing to load gadget "hello" (gadget-hello): ${pkg} is writable by its group (mode 0775); run chmod go-w ${pkg} [UNTRUSTED_PATH]\n`);
    expect(r.code).toBe(1);

    const shared = join(project.dir, 'shared');
    project.addPackage('gadget-hello', gadgetManifest('hello'), { 'index.js': markerEntrySource(marker('shared'), 'hello') }, join(shared, 'node_modules'));
    chmodSync(shared, 0o777);
    const s = await runCli(['run', 'hello'], project.dir, { env: { ...env, GADGETRY_PATH: join(shared, 'node_modules') } });
    expect(s.stderr).toMatch(new RegExp(`^error: refusing to load gadget "hello" \\(gadget-hello\\): ${shared} is writable by its group and others \\(mode 0777\\) and not sticky, .*; run chmod go-w ${shared} \\[UNTRUSTED_PATH\\]\\n$`));
    expect(s.code).toBe(1);
    noStack(s.stderr);
    expect(existsSync(marker('group'))).toBe(false);
    expect(existsSync(marker('shared'))).toBe(false);
  });

  it('doctor refuses a @gadgetry/native-bpf planted next to a discovered gadget', async () => {
    const app = join(project.dir, 'app');
    const cli = installRuntimeCopy(app); // no native-bpf beside this runtime: doctor looks next to the gadgets
    const planted = join(project.dir, 'planted', 'node_modules');
    project.addGadget('hello', { root: planted });
    project.addPackage('@gadgetry/native-bpf', { main: './index.js' }, { 'index.js': markerEntrySource(marker('native-bpf')) }, planted);
    chownTree(join(project.dir, 'planted'), NOBODY);
    const r = await runCli(['doctor', '--gadget-path', planted], app, { env, cli });
    expect(existsSync(marker('native-bpf'))).toBe(false);
    expect(r.stderr).toBe(
      `warning: refusing to load @gadgetry/native-bpf for ${planted}/gadget-hello: ${planted}/@gadgetry/native-bpf/index.js is owned by uid ${NOBODY}, not root; ` +
        `if you trust what it holds run chown root ${planted}/@gadgetry/native-bpf/index.js, otherwise remove it\n`,
    );
    expect(r.stdout).toMatch(/^native-bpf\s+FAIL\s+@gadgetry\/native-bpf was found only in places that fail the trust rules/m);
    expect(r.code).toBe(1);
  });

  it("a trusted gadget's own imports never resolve to a package planted in a node_modules above it", async () => {
    // The gadget is root's; the dependency Node finds for it by walking up belongs to someone else.
    const dep = project.addPackage('planted-dep', { name: 'planted-dep', main: 'index.js' }, { 'index.js': `require('node:fs').writeFileSync(${JSON.stringify(marker('dep'))}, 'x');\nmodule.exports = 1;\n` });
    chownTree(dep, NOBODY);
    const gadgets = join(project.dir, 'work', 'gadgets');
    project.addPackage('gadget-uses_dep', gadgetManifest('uses_dep'), { 'index.js': `import 'planted-dep';\n${markerEntrySource(marker('gadget'), 'uses_dep')}` }, gadgets);
    const r = await runCli(['describe', 'uses_dep', '--gadget-path', gadgets], project.dir, { env });
    expect(existsSync(marker('dep'))).toBe(false);
    expect(existsSync(marker('gadget'))).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      new RegExp(`^error: refusing to load planted-dep, which gadget "uses_dep" \\(gadget-uses_dep\\) imports: ${dep}/index\\.js is owned by uid ${NOBODY}, not root; .* \\[UNTRUSTED_PATH\\]\\n$`),
    );
    noStack(r.stderr);
  });

  it('a project-local runtime searches the node_modules it is installed in, not the folders above it', async () => {
    chmodSync(project.dir, 0o1777);
    project.addPackage('gadget-planted_here', gadgetManifest('planted_here'), { 'index.js': markerEntrySource(marker('above'), 'planted_here') });
    chownTree(project.nodeModules, NOBODY);
    const app = join(project.dir, 'app');
    const cli = installRuntimeCopy(app);
    project.addGadget('hello', { root: join(app, 'node_modules'), type: 'one-shot' });
    const l = await runCli(['list'], app, { env, cli });
    expect(l.stderr).toBe('');
    expect(l.stdout).toMatch(/^hello\s+one-shot\s/m);
    expect(l.stdout).not.toContain('planted_here');
    const d = await runCli(['describe', 'planted_here'], app, { env, cli });
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/^error: unknown gadget "planted_here"; installed gadgets: hello \[GADGET_NOT_FOUND\]\n$/);
    const r = await runCli(['run', 'hello', '--count', '1', '-o', 'json', '--fields', 'text'], app, { env, cli });
    expect(r.stdout).toBe('{"text":"hello 0"}\n');
    expect(existsSync(marker('above'))).toBe(false);
  });
});

describe.skipIf(skip)('two packages offering one name', () => {
  it('run refuses a gadget offered twice in one folder, and runs the one whose folder is named', async () => {
    const extra = join(project.dir, 'extra');
    project.addGadget('hello', { root: extra });
    project.addGadget('hello', { root: extra, packageName: '@acme/gadget-hello' });
    const r = await runCli(['run', 'hello', '--gadget-path', extra, '--timeout', '0.2'], project.dir, { env });
    expect(r.stderr).toBe(
      `error: gadget "hello" is offered by both @acme/gadget-hello (${extra}/@acme/gadget-hello) and gadget-hello (${extra}/gadget-hello); ` +
        'remove one, or pass the folder of the one you want with --gadget-path [GADGET_SHADOWED]\n',
    );
    expect(r.code).toBe(1);
    const chosen = await runCli(['run', 'hello', '--gadget-path', join(extra, 'gadget-hello'), '--gadget-path', extra, '--timeout', '0.2', '-o', 'json'], project.dir, { env });
    expect(chosen.code).toBe(0);
    expect(chosen.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('run refuses a gadget when an operator package that applies to it is offered twice', async () => {
    const extra = join(project.dir, 'extra');
    project.addGadget('hello', { root: extra });
    for (const pkg of ['op-a', 'op-b']) project.addPackage(pkg, operatorManifest('twin', 'all'), { 'index.js': TAGGER }, extra);
    const r = await runCli(['run', 'hello', '--gadget-path', extra, '--timeout', '0.2'], project.dir, { env });
    expect(r.stderr).toMatch(/^error: operator package "twin" is offered by both op-a \(.*\) and op-b \(.*\); remove one, or pass the folder of the one you want with --gadget-path \[OPERATOR_SHADOWED\]\n$/);
    expect(r.code).toBe(1);
  });
});

describe.skipIf(skip)('operator packages', () => {
  it('only operator packages whose manifest applies to the gadget are imported', async () => {
    const extra = join(project.dir, 'extra');
    project.addGadget('hello', { root: extra });
    project.addPackage('op-ip', operatorManifest('ipnames', { kinds: ['ip'] }), { 'index.js': markerEntrySource(marker('op-ip')) }, extra);
    project.addPackage('op-oneshot', operatorManifest('oneshot', { types: ['one-shot'] }), { 'index.js': markerEntrySource(marker('op-oneshot')) }, extra);
    project.addPackage('op-hello', operatorManifest('tagging', { gadgets: ['hello'] }), { 'index.js': TAGGER }, extra);
    const d = await runCli(['describe', 'hello', '--gadget-path', extra], project.dir, { env });
    expect(d.stderr).toBe('');
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/^Operator tagger \(tags hello events\):\n\s+--tag\s+string\s+Tag to add/m);
    expect(existsSync(marker('op-ip'))).toBe(false);
    expect(existsSync(marker('op-oneshot'))).toBe(false);
  });

  it('a broken operator package is skipped with one warning line, and the gadget still runs', async () => {
    const extra = join(project.dir, 'extra');
    project.addGadget('hello_snapshot', { root: extra, type: 'one-shot' });
    project.addPackage('op-missing', { gadgetry: { ...operatorManifest('missing', 'all').gadgetry, entry: './nope.js' } }, {}, extra);
    project.addPackage('op-throws', operatorManifest('throws', 'all'), { 'index.js': "throw new Error('boom at import');\n" }, extra);
    project.addPackage('op-wrong', operatorManifest('wrong', 'all'), { 'index.js': 'export default 42;\n' }, extra);
    const r = await runCli(['run', 'hello_snapshot', '--gadget-path', extra, '--count', '1', '-o', 'json', '--fields', 'pid'], project.dir, { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('{"pid":1000}\n');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toEqual([
      `warning: cannot load operator package "missing" (op-missing): its entry ${extra}/op-missing/nope.js does not exist; fix gadgetry.entry in its package.json or reinstall it [GADGET_LOAD_FAILED]; operator package skipped`,
      `warning: cannot load operator package "throws" (op-throws) from ${extra}/op-throws/index.js: boom at import [GADGET_LOAD_FAILED]; operator package skipped`,
      `warning: operator package "wrong" (op-wrong): ${extra}/op-wrong/index.js must export operators made with defineOperator() as its default export [GADGET_LOAD_FAILED]; operator package skipped`,
      expect.stringMatching(/^\{"summary":\{"gadget":"hello_snapshot",.*\}\}$/),
    ]);
  });
});

describe.skipIf(skip)('run and describe say why a gadget cannot be used', () => {
  it('an SDK mismatch or a bad manifest is named, exit 1; a gadget nobody offers is unknown, exit 2', async () => {
    const extra = join(project.dir, 'extra');
    project.addGadget('old', { root: extra, sdk: '^9.0.0' });
    project.addPackage('gadget-badtype', { gadgetry: { ...gadgetManifest('badtype').gadgetry, type: 'nope' } }, {}, extra);
    const old = await runCli(['run', 'old', '--gadget-path', extra], project.dir, { env });
    expect(old.stderr).toMatch(
      new RegExp(`^error: gadget "old" in gadget-old \\(${extra}/gadget-old\\) cannot be used: built for @gadgetry/sdk \\^9\\.0\\.0, but this runtime provides \\d+\\.\\d+\\.\\d+; upgrade the package or the runtime \\[SDK_INCOMPATIBLE\\]\\n$`),
    );
    expect(old.code).toBe(1);
    const bad = await runCli(['describe', 'badtype', '--gadget-path', extra], project.dir, { env });
    expect(bad.stderr).toMatch(/^error: gadget "badtype" in gadget-badtype \(.*\) cannot be used: invalid manifest, gadgetry\.type: .* \[MANIFEST_INVALID\]\n$/);
    expect(bad.code).toBe(1);
    const none = await runCli(['run', 'nope', '--gadget-path', extra], project.dir, { env });
    expect(none.stderr).toMatch(/^error: unknown gadget "nope"; installed gadgets: .* \[GADGET_NOT_FOUND\]\n$/);
    expect(none.code).toBe(2);
  });
});

describe('manifests that cannot be read safely', () => {
  it('a FIFO or a symlink to /dev/zero named package.json is one warning line each, not a hang', async () => {
    const extra = join(project.dir, 'extra');
    project.addGadget('hello', { root: extra });
    mkdirSync(join(extra, 'fifo-pkg'));
    execFileSync('mkfifo', [join(extra, 'fifo-pkg', 'package.json')]);
    mkdirSync(join(extra, 'zero-pkg'));
    symlinkSync('/dev/zero', join(extra, 'zero-pkg', 'package.json'));
    const l = await runCli(['list', '--gadget-path', extra], project.dir, { env, timeoutMs: 15_000 });
    expect(l.code).toBe(0);
    expect(l.stdout).toMatch(/^hello\s/m);
    expect(l.stderr).toBe(
      `warning: ${extra}/fifo-pkg: package.json is a FIFO, not a regular file; remove it\n` +
        `warning: ${extra}/zero-pkg: package.json is a character device, not a regular file; remove it\n`,
    );
    const r = await runCli(['run', 'hello', '--gadget-path', extra, '--timeout', '0.2', '-o', 'json'], project.dir, { env, timeoutMs: 15_000 });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(3);
  });
});
