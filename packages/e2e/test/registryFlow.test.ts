// The whole distribution path against a real registry (Verdaccio on
// 127.0.0.1, storage in a temp dir): the workspace released with changesets,
// then, as strangers with an empty HOME and folder, the CLI installed
// globally and with npx, a gadget scaffolded, built, tested and published,
// and installed with a third-party operator into a new project. Nothing is
// installed from a tarball or a path.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { releasedRegistry, runUntilStarted, sh, type Released } from './fixtures/releasedRegistry.js';

const skip = kernelTestGate();
let reg: Released;

beforeAll(async () => {
  if (!skip) reg = await releasedRegistry('registry-flow');
}, 180_000);
afterAll(async () => reg?.stop(), 60_000); // stopping the registry can take a while on a loaded host

/** A new empty folder under the test's work folder. */
function folder(name: string): string {
  const dir = join(reg.work, name);
  mkdirSync(dir);
  return dir;
}

/** The packument's manifest of one released version, as the registry serves it. */
async function manifest(name: string): Promise<Record<string, any>> {
  const version = reg.versions.get(name)!;
  const res = await fetchRegistry(`${reg.url}${name.replace('/', '%2f')}`);
  expect(res.status, name).toBe(200);
  return ((await res.json()) as { versions: Record<string, Record<string, any>> }).versions[version]!;
}

/**
 * fetch, tried again when the registry had closed a kept-alive connection
 * just as it was reused (undici's "other side closed"): the socket from
 * the readiness poll sits idle through the whole release.
 */
async function fetchRegistry(url: string): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url);
    } catch (err) {
      const code = (err as { cause?: { code?: string } }).cause?.code;
      if (attempt >= 3 || code !== 'UND_ERR_SOCKET') throw err;
    }
  }
}

/** The files of a released package's tarball. */
function tarballFiles(name: string): string[] {
  const out = sh('npm', ['pack', `${name}@${reg.versions.get(name)}`, '--dry-run', '--json'], folder(`pack-${name.replace(/\W/g, '_')}`), reg.env);
  return (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path).sort();
}

const marker = () => `gadgetry-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
const spawnTrue = (arg: string) => spawnSync('/bin/true', [arg]);

describe.skipIf(skip)('released to a real registry, installed by a stranger', () => {
  it('every public package is published at its released version, with what it ships and nothing it does not', async () => {
    const standardGadgets = Object.keys((await manifest('gadgetry')).dependencies).filter((name) => name.startsWith('@gadgetry/gadget-'));
    expect(standardGadgets).toEqual(expect.arrayContaining(['@gadgetry/gadget-trace_exec', '@gadgetry/gadget-trace_tcp', '@gadgetry/gadget-snapshot_file']));
    const expected = ['gadgetry', '@gadgetry/sdk', '@gadgetry/errors', '@gadgetry/kinds', '@gadgetry/native-bpf', '@gadgetry/shapes', '@gadgetry/operators', '@gadgetry/runtime', '@gadgetry/remote', '@gadgetry/metrics', '@gadgetry/webview',
      ...standardGadgets, '@gadgetry/create-gadget', '@gadgetry/bpf-build'];
    for (const name of expected) expect(reg.versions.has(name), name).toBe(true);
    for (const name of reg.versions.keys()) {
      const m = await manifest(name);
      expect(m.version).toBe(reg.versions.get(name));
      expect(Object.keys(m.scripts ?? {}).filter((s) => /install/.test(s)), `${name} runs nothing at install`).toEqual([]);
      // every gadget and operator: one SDK, a peer, with the range the runtime checks
      if (m.gadgetry) expect(m.peerDependencies?.['@gadgetry/sdk'], name).toBe(m.gadgetry.sdk);
    }
    expect((await manifest('@gadgetry/runtime')).dependencies['@gadgetry/sdk']).toBe(`^${reg.versions.get('@gadgetry/sdk')}`);
    const native = tarballFiles('@gadgetry/native-bpf');
    expect(native).toEqual(expect.arrayContaining(['prebuilds/linux-x64/gadgetry_bpf.node', 'prebuilds/linux-arm64/gadgetry_bpf.node', 'dist/index.js', 'include/gadgetry/common.h', 'scripts/build-addon.mjs']));
    expect(native.filter((f) => f.startsWith('build/') || f.startsWith('test/') || f.startsWith('src/'))).toEqual([]);
    expect(tarballFiles('@gadgetry/gadget-trace_exec')).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'dist/program.bpf.o', 'package.json']));
    expect(tarballFiles('gadgetry')).toEqual(['CHANGELOG.md', 'README.md', 'bin/gadgetry.js', 'package.json']);
  }, 60_000);

  it('npm i -g gadgetry gives the command with the standard gadgets; run trace_exec sees a new process', async () => {
    const empty = folder('global');
    sh('npm', ['install', '-g', 'gadgetry'], empty, reg.env);
    const installed = join(reg.prefix, 'lib', 'node_modules', 'gadgetry');
    expect(existsSync(join(reg.prefix, 'bin', 'gadgetry'))).toBe(true);
    // the addon is the prebuilt one: nothing was compiled on this host
    const native = join(installed, 'node_modules', '@gadgetry', 'native-bpf');
    expect(existsSync(join(native, 'prebuilds', `linux-${process.arch}`, 'gadgetry_bpf.node'))).toBe(true);
    expect(existsSync(join(native, 'build'))).toBe(false);

    const list = sh('gadgetry', ['list'], empty, reg.env);
    for (const g of ['trace_exec', 'trace_open', 'snapshot_process', 'top_file']) expect(list).toMatch(new RegExp(`^${g}\\s`, 'm'));
    const tag = marker();
    const r = await runUntilStarted('gadgetry', ['run', 'trace_exec', '--timeout', '3', '-o', 'json', '-v'], { cwd: empty, env: reg.env, gadget: 'trace_exec', act: () => spawnTrue(tag) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.events.find((e) => (e.args as string[])?.includes(tag))).toMatchObject({ comm: 'true', retval: 0 });
  }, 120_000);

  it('npx gadgetry run trace_exec works on a host where nothing is installed', async () => {
    const empty = folder('npx');
    const tag = marker();
    const r = await runUntilStarted('npx', ['--yes', 'gadgetry', 'run', 'trace_exec', '--timeout', '3', '-o', 'json', '-v'], { cwd: empty, env: reg.env, gadget: 'trace_exec', act: () => spawnTrue(tag) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.events.find((e) => (e.args as string[])?.includes(tag))).toMatchObject({ comm: 'true' });
  }, 120_000);

  it('a gadget made with npm create @gadgetry/gadget is built, tested and published at 0.1.0; a new project installs and runs it with a third-party operator', async () => {
    const author = folder('author');
    sh('npm', ['create', '@gadgetry/gadget', '--', '--name', 'e2e_reg', '--template', 'trace', '--package', '@acme/gadget-e2e_reg', '--description', 'kill() seen from the registry test', '--yes'], author, { ...reg.env, npm_config_yes: 'true' });
    const dir = join(author, 'gadget-e2e_reg');
    sh('npm', ['install'], dir, reg.env);
    sh('npm', ['run', 'build'], dir, reg.env);
    expect(sh('npx', ['vitest', 'run'], dir, reg.env)).toMatch(/1 passed/);
    sh('npx', ['changeset', 'version'], dir, reg.env);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version).toBe('0.1.0');
    sh('npm', ['publish'], dir, reg.env);

    // a third-party operator, written by hand as its docs say, published the same way
    const sdkRange = `^${reg.versions.get('@gadgetry/sdk')}`;
    const op = folder('operator-tag');
    writeFileSync(join(op, 'package.json'), JSON.stringify({
      name: '@acme/operator-tag', version: '0.1.0', type: 'module', main: './index.js', files: ['index.js'], publishConfig: { access: 'public' },
      gadgetry: { kind: 'operator', name: 'tag', entry: './index.js', sdk: sdkRange, description: 'Adds a tag to every event', appliesTo: 'all' },
      peerDependencies: { '@gadgetry/sdk': sdkRange },
    }, null, 2));
    writeFileSync(join(op, 'index.js'), `import { Type, defineOperator } from '@gadgetry/sdk';
export default defineOperator({
  name: 'tag',
  description: 'Adds a tag to every event',
  params: Type.Object({ tag: Type.Optional(Type.String({ description: 'the tag' })) }),
  canOperateOn: () => true,
  fields: () => [{ name: 'tag', schema: Type.String() }],
  instantiate: (_ctx, _gadget, params) => ({ enrichEvent: (event) => { event.tag = params.tag ?? 'untagged'; } }),
});
`);
    sh('npm', ['publish'], op, reg.env);

    const project = folder('project');
    sh('npm', ['init', '-y'], project, reg.env);
    sh('npm', ['install', '@acme/gadget-e2e_reg', '@acme/operator-tag', 'gadgetry'], project, reg.env);
    expect(readdirSync(join(project, 'node_modules', '@acme', 'gadget-e2e_reg', 'dist'))).toContain('program.bpf.o');
    const list = sh('npx', ['gadgetry', 'list'], project, reg.env);
    expect(list).toMatch(/^e2e_reg\s+trace\s+trace\s+0\.1\.0\s+@acme\/gadget-e2e_reg\s+kill\(\) seen from the registry test$/m);
    expect(sh('npx', ['gadgetry', 'describe', 'e2e_reg'], project, reg.env)).toMatch(/--tag\b/);

    // the process the gadget sees killed: alive until the run starts, however slow that is here
    const sleeper = spawn('sleep', ['600'], { stdio: 'ignore' });
    const target = sleeper.pid!;
    let r: Awaited<ReturnType<typeof runUntilStarted>>;
    try {
      r = await runUntilStarted('npx', ['gadgetry', 'run', 'e2e_reg', '--timeout', '3', '-o', 'json', '-v', '--tag', 'from-acme'], {
        cwd: project, env: reg.env, gadget: 'e2e_reg', act: () => sleeper.kill('SIGTERM'),
      });
    } finally {
      if (sleeper.exitCode === null && sleeper.signalCode === null) sleeper.kill('SIGKILL');
    }
    expect(r.code, r.stderr).toBe(0);
    expect(r.events.find((e) => e.targetPid === target)).toMatchObject({ signal: 'SIGTERM', signalRaw: 15, tag: 'from-acme' });
  }, 360_000);

  it('a gadget installed globally beside gadgetry is found by the global command', async () => {
    const empty = folder('global-gadget');
    sh('npm', ['install', '-g', '@acme/gadget-e2e_reg'], empty, reg.env);
    expect(sh('gadgetry', ['list'], empty, reg.env)).toMatch(/^e2e_reg\s+trace\s+trace\s+0\.1\.0\s+@acme\/gadget-e2e_reg\s/m);
  }, 120_000);
});
