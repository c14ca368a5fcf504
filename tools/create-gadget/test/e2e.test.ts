// A newcomer's whole path, outside the workspace: generate, build, test, pack,
// install into a fresh project next to @gadgetry/runtime, list and run.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = join(ROOT, 'tools/create-gadget/bin/create-gadgetry-gadget.mjs');
// the gadgetry command as installed in the fresh project
const GADGETRY = 'node_modules/gadgetry/bin/gadgetry.js';
// what a generated gadget depends on, the gadgetry command among its devDependencies with the gadgets it brings
const STANDARD_GADGETS = Object.keys((JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies)
  .filter((name) => name.startsWith('@gadgetry/gadget-'));
const WORKSPACE_PACKAGES = ['@gadgetry/errors', '@gadgetry/sdk', '@gadgetry/kinds', '@gadgetry/native-bpf', '@gadgetry/symbols', '@gadgetry/shapes', '@gadgetry/bpf-build', '@gadgetry/runtime', '@gadgetry/operators', '@gadgetry/remote', '@gadgetry/metrics', '@gadgetry/webview',
  'gadgetry', ...STANDARD_GADGETS];

const skip = process.getuid?.() !== 0 ? 'the generated gadgets load BPF programs: needs root' : undefined;
if (skip && process.env.GADGETRY_STRICT === '1') throw new Error(`${skip}, and GADGETRY_STRICT=1 forbids skipping`);

let work: string;
let tarballs: string[];

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd} (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

beforeAll(() => {
  if (skip) return;
  work = mkdtempSync(join(tmpdir(), 'gadgetry-newcomer-'));
  const packDir = join(work, 'tarballs');
  mkdirSync(packDir);
  // stands in for the npm registry: the workspace's own packages, packed as they would be published
  run('npm', ['pack', ...WORKSPACE_PACKAGES.flatMap((p) => ['-w', p]), '--pack-destination', packDir, '--silent'], ROOT);
  tarballs = readdirSync(packDir).map((f) => join(packDir, f));
}, 120_000);
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function generate(name: string, template: string): string {
  const dir = join(work, name);
  const out = run(process.execPath, [BIN, '--name', name, '--template', template, '--description', `e2e ${template}`, '--dir', dir, '--yes'], work);
  expect(out).toContain(`Created ${template === 'operator' ? 'gadgetry-operator' : 'gadget'}-${name}`);
  run('npm', ['install', '--no-save', '--loglevel=error', ...tarballs], dir);
  run('npm', ['run', 'build', '--silent'], dir);
  // the gadget's code and its test type-check against the published SDK and shapes
  run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json'], dir);
  return dir;
}

describe.skipIf(skip)('a generated gadget, from nothing to installed', () => {
  for (const template of ['snapshot', 'top', 'profile']) {
    it(`the ${template} template builds and passes its own real-kernel test`, () => {
      const dir = generate(`e2e_${template}`, template);
      const out = run('npx', ['vitest', 'run'], dir);
      expect(out).toMatch(/1 passed/);
    }, 180_000);
  }

  it('the trace template builds, tests, is versioned 0.1.0, packs, installs without a compiler, lists and runs', async () => {
    const dir = generate('e2e_kill', 'trace');
    expect(run('npx', ['vitest', 'run'], dir)).toMatch(/1 passed/);

    // its first-release changeset makes the scaffold's 0.0.0 into 0.1.0
    run('npx', ['changeset', 'version'], dir);
    run('npm', ['pack', '--silent'], dir);
    const tgz = join(dir, 'gadget-e2e_kill-0.1.0.tgz');
    const files = execFileSync('tar', ['tzf', tgz], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(files).toEqual(
      ['CHANGELOG.md', 'dist/index.d.ts', 'dist/index.js', 'dist/program.bpf.o', 'package.json', 'README.md', 'src/e2e_kill.h', 'src/program.bpf.c'].map((f) => `package/${f}`).sort(),
    );
    const manifest = JSON.parse(execFileSync('tar', ['xzOf', tgz, 'package/package.json'], { encoding: 'utf8' })) as { scripts: Record<string, string> };
    expect(Object.keys(manifest.scripts).filter((s) => /install/.test(s))).toEqual([]); // nothing compiles at install time

    const fresh = join(work, 'fresh-project');
    mkdirSync(fresh);
    run('npm', ['init', '-y'], fresh);
    const runtimeSide = tarballs.filter((t) => !/bpf-build/.test(t));
    run('npm', ['install', '--loglevel=error', ...runtimeSide, tgz], fresh);

    const list = run(process.execPath, [GADGETRY, 'list'], fresh);
    expect(list).toMatch(/^e2e_kill\s+trace\s+trace\s+0\.1\.0\s+gadget-e2e_kill\s+e2e trace$/m);

    const child = spawn('sleep', ['30']);
    const gadgetry = spawn(process.execPath, [GADGETRY, 'run', 'e2e_kill', '--timeout', '4', '-o', 'json', '-v'], { cwd: fresh });
    let stdout = '';
    let stderr = '';
    gadgetry.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    // -v says when the gadget is attached: signal the child then, not after a guessed delay
    gadgetry.stderr.on('data', (d: Buffer) => {
      const was = stderr;
      stderr += d.toString();
      if (!was.includes('e2e_kill: started') && stderr.includes('e2e_kill: started')) process.kill(child.pid!, 'SIGTERM');
    });
    const code = await new Promise<number | null>((r) => gadgetry.on('close', r));
    expect(stderr).toContain('e2e_kill: started');
    expect(code).toBe(0);
    const events = stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { targetPid: number; signal: string; signalRaw: number; pid: number });
    // the signal's kind makes it readable; the number is kept under signalRaw
    expect(events.find((e) => e.targetPid === child.pid)).toMatchObject({ signal: 'SIGTERM', signalRaw: 15, pid: process.pid });
    expect(readFileSync(join(fresh, 'node_modules/gadget-e2e_kill/dist/program.bpf.o')).subarray(1, 4).toString()).toBe('ELF');
  }, 240_000);

  it('the operator template builds, type-checks its type tests, passes its own test, and a runtime installed beside it uses it', async () => {
    const dir = generate('e2e_cgroup', 'operator');
    expect(run('npx', ['vitest', 'run'], dir)).toMatch(/2 passed/);
    // the type test fails to compile once params lose their types
    const typeTest = join(dir, 'src/params.test-d.ts');
    writeFileSync(typeTest, readFileSync(typeTest, 'utf8').replace("toEqualTypeOf<number>()", "toEqualTypeOf<string>()"));
    expect(spawnSync('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8' }).stdout).toMatch(/params\.test-d\.ts\(\d+,\d+\): error/);

    // like the gadget scaffold, its first-release changeset makes the scaffold's 0.0.0 into 0.1.0
    run('npx', ['changeset', 'version'], dir);
    run('npm', ['pack', '--silent'], dir);
    const fresh = join(work, 'operator-project');
    mkdirSync(fresh);
    run('npm', ['init', '-y'], fresh);
    run('npm', ['install', '--loglevel=error', ...tarballs.filter((t) => !/bpf-build/.test(t)), join(dir, 'gadgetry-operator-e2e_cgroup-0.1.0.tgz')], fresh);
    expect(run('npx', ['gadgetry', 'list'], fresh)).toMatch(/^e2e_cgroup\s+kinds pid\s+0\.1\.0\s+gadgetry-operator-e2e_cgroup\s+e2e operator$/m);
    // a gadget of the user's own, in a folder named with --gadget-path: one event for this process
    const gadgets = join(fresh, 'my-gadgets', 'gadget-me');
    mkdirSync(gadgets, { recursive: true });
    writeFileSync(join(gadgets, 'package.json'), JSON.stringify({ name: 'gadget-me', version: '1.0.0', type: 'module', gadgetry: { name: 'me', entry: './index.js', sdk: '^0.1.0', description: 'me', category: 'snapshot', type: 'one-shot' } }));
    writeFileSync(join(gadgets, 'index.js'), `import { Type, defineGadget } from '@gadgetry/sdk';
export default defineGadget({ name: 'me', description: 'me', category: 'snapshot', type: 'one-shot', params: Type.Object({}),
  event: Type.Object({ pid: Type.Integer({ kind: 'pid' }) }),
  instantiate() { let emit = () => {}; return { init() {}, setEventHandlerArray(h) { emit = h; }, start() { emit([{ pid: ${process.pid} }]); } }; } });
`);
    symlinkSync(join(fresh, 'node_modules'), join(fresh, 'my-gadgets', 'node_modules'));
    const own = readFileSync('/proc/self/cgroup', 'utf8').split('\n').find((l) => l.startsWith('0::'))!.slice(3);
    const out = run('npx', ['gadgetry', 'run', 'me', '--gadget-path', join(fresh, 'my-gadgets'), '--filter', `cgroup:${own}`, '-o', 'json', '--fields', 'pid,cgroup'], fresh);
    expect(JSON.parse(out.trim())).toEqual({ pid: process.pid, cgroup: own });
  }, 240_000);
});
