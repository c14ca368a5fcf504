import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveOptions } from '../src/options.mjs';
import { renderGadget } from '../src/renderGadget.mjs';
import { renderOperator } from '../src/renderOperator.mjs';
import { writeGadget } from '../src/writeGadget.mjs';
import type { Tree } from 'nx/src/devkit-exports.js';
import { createTreeWithEmptyWorkspace } from 'nx/src/devkit-testing-exports.js';
import nxGenerator from '../src/nxGenerator.cjs';

const dir = mkdtempSync(join(tmpdir(), 'generator-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveOptions', () => {
  it('fills defaults from the template', () => {
    expect(resolveOptions({ name: 'top_calls', template: 'top' })).toEqual({
      name: 'top_calls',
      description: 'The top_calls gadget',
      category: 'top',
      type: 'trace-intervals',
      template: 'top',
      packageName: 'gadget-top_calls',
    });
    expect(resolveOptions({ name: 'snap', type: 'one-shot' }).template).toBe('snapshot');
    expect(resolveOptions({ name: 'hist', type: 'profile' })).toMatchObject({ template: 'profile', type: 'profile', category: 'profile' });
  });

  it('refuses bad input with one line saying what is allowed', () => {
    expect(() => resolveOptions({ name: 'Trace-X' })).toThrow(/invalid gadget name "Trace-X": use lower-case letters/);
    expect(() => resolveOptions({ name: 'x', template: 'kprobe' })).toThrow('unknown template "kprobe"; use one of: trace, snapshot, top, profile, operator');
    expect(() => resolveOptions({ name: 'x', template: 'operator', category: 'top' })).toThrow(/^--type and --category are for gadgets; an operator package has neither/);
    expect(() => resolveOptions({ name: 'x', category: 'fun' })).toThrow(/unknown category "fun"; use one of: trace, top/);
    expect(() => resolveOptions({ name: 'x', type: 'run' })).toThrow(/type "run" does not fit template "trace"/);
    expect(() => resolveOptions({ name: 'x', template: 'top', type: 'profile' })).toThrow('type "profile" does not fit template "top" (a trace-intervals gadget); use --template profile');
    expect(() => resolveOptions({ name: 'x', packageName: 'Not Valid' })).toThrow('invalid npm package name "Not Valid"');
  });
});

describe('renderGadget', () => {
  it('writes a complete standalone package whose manifest matches the descriptor', () => {
    const o = resolveOptions({ name: 'trace_sig', description: "Who's signalling", template: 'trace' });
    const files = renderGadget(o, { standalone: true });
    expect([...files.keys()].sort()).toEqual(
      ['.changeset/config.json', '.changeset/trace_sig-first-release.md', '.gitignore', 'README.md', 'package.json', 'src/event.generated.ts', 'src/index.test.ts', 'src/index.ts', 'src/program.bpf.c', 'src/trace_sig.h', 'tsconfig.json', 'tsup.config.ts', 'vitest.config.ts'].sort(),
    );
    const pkg = JSON.parse(files.get('package.json')!) as { gadgetry: Record<string, string>; files: string[] };
    expect(pkg.gadgetry).toEqual({ name: 'trace_sig', entry: './dist/index.js', sdk: '^0.1.0', description: "Who's signalling", category: 'trace', type: 'trace' });
    // the first release's minor changeset makes 0.0.0 into 0.1.0
    expect(files.get('.changeset/trace_sig-first-release.md')).toContain('"gadget-trace_sig": minor');
    expect(files.get('src/index.ts')).toContain("name: 'trace_sig'");
    expect(files.get('src/index.ts')).toContain("description: 'Who\\'s signalling'");
    expect(files.get('src/program.bpf.c')).toContain('#include "trace_sig.h"');
    expect(files.get('src/trace_sig.h')).toContain('#ifndef TRACE_SIG_H');
    expect([...files.values()].join('')).not.toMatch(/__[A-Z_]+__/);
  });

  it('packages the gadget as published gadgets are: SDK a peer with the manifest\'s range, versions from the generator\'s own peers, first version 0.0.0', () => {
    const generator = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { peerDependencies: Record<string, string> };
    const pkg = JSON.parse(renderGadget(resolveOptions({ name: 'pk', template: 'top' }), { standalone: true }).get('package.json')!) as Record<string, any>;
    expect(pkg.version).toBe('0.0.0');
    expect(pkg.peerDependencies).toEqual({ '@gadgetry/sdk': generator.peerDependencies['@gadgetry/sdk'] });
    expect(pkg.gadgetry.sdk).toBe(pkg.peerDependencies['@gadgetry/sdk']);
    expect(pkg.dependencies).toEqual({ '@gadgetry/native-bpf': generator.peerDependencies['@gadgetry/native-bpf'], '@gadgetry/shapes': generator.peerDependencies['@gadgetry/shapes'] });
    expect(pkg.devDependencies['@gadgetry/bpf-build']).toBe(generator.peerDependencies['@gadgetry/bpf-build']);
    expect(pkg.devDependencies['@gadgetry/runtime']).toBe(generator.peerDependencies['@gadgetry/runtime']);
    expect(pkg.devDependencies.gadgetry).toBe(generator.peerDependencies.gadgetry);
    expect(pkg.files).toEqual(['dist', 'src/program.bpf.c', 'src/*.h', 'README.md', 'CHANGELOG.md']);
    expect(pkg.publishConfig).toEqual({ access: 'public' });
    expect(Object.keys(pkg.scripts).filter((s) => /install/.test(s))).toEqual([]);
  });

  it('writes an operator package: the operator manifest, the operator, its test and its type tests, no BPF', () => {
    const o = resolveOptions({ name: 'pod_cgroup', template: 'operator', description: "Who's where" });
    expect(o).toEqual({ name: 'pod_cgroup', description: "Who's where", template: 'operator', packageName: 'gadgetry-operator-pod_cgroup' });
    const files = renderOperator(o, { standalone: true });
    expect([...files.keys()].sort()).toEqual(
      ['.changeset/config.json', '.changeset/pod_cgroup-first-release.md', '.gitignore', 'README.md', 'package.json', 'src/index.test.ts', 'src/index.ts', 'src/params.test-d.ts', 'tsconfig.json', 'tsup.config.ts', 'vitest.config.ts'].sort(),
    );
    const pkg = JSON.parse(files.get('package.json')!) as { version: string; gadgetry: Record<string, unknown>; scripts: Record<string, string>; dependencies?: Record<string, string>; peerDependencies: Record<string, string> };
    expect(pkg.gadgetry).toEqual({ kind: 'operator', name: 'pod_cgroup', entry: './dist/index.js', sdk: '^0.1.0', description: "Who's where", appliesTo: { kinds: ['pid'] } });
    expect(pkg.scripts.typecheck).toBe('tsc --noEmit -p tsconfig.json');
    expect(pkg.version).toBe('0.0.0');
    expect(pkg.dependencies).toBeUndefined();
    expect(pkg.peerDependencies).toEqual({ '@gadgetry/sdk': pkg.gadgetry.sdk });
    expect(files.get('src/index.ts')).toContain("name: 'pod_cgroup'");
    expect(files.get('src/index.ts')).toContain("description: 'Who\\'s where'");
    expect([...files.values()].join('')).not.toMatch(/__[A-Z_]+__/);
  });

  it('refuses to write into a folder that has content', () => {
    const target = join(dir, 'taken');
    mkdirSync(target);
    writeFileSync(join(target, 'keep.txt'), 'mine');
    const files = renderGadget(resolveOptions({ name: 'x' }), { standalone: true });
    expect(() => writeGadget(target, files)).toThrow(/already exists and is not empty/);
    expect(readFileSync(join(target, 'keep.txt'), 'utf8')).toBe('mine');
  });
});

describe('nx generator', () => {
  it('writes the package under gadgets/ with the shared configs, and the changeset at the workspace root', async () => {
    // nx's own in-memory workspace, as `nx g` hands it to a generator
    const tree: Tree = createTreeWithEmptyWorkspace();
    const workspaceFiles = () => new Map(tree.listChanges().map((c) => [c.path, c.content?.toString()]));
    const before = workspaceFiles();
    await nxGenerator(tree, { name: 'top_demo', template: 'top' });
    const text = (path: string) => tree.read(path, 'utf-8');
    expect(tree.children('gadgets/top_demo').sort()).toEqual(['README.md', 'package.json', 'src', 'tsconfig.json', 'tsup.config.ts', 'vitest.config.ts']);
    expect(tree.children('gadgets/top_demo/src').sort()).toEqual(['event.generated.ts', 'index.test.ts', 'index.ts', 'program.bpf.c', 'top_demo.h']);
    expect(text('gadgets/top_demo/tsconfig.json')).toContain('"extends": "../../tsconfig.base.json"');
    expect(text('gadgets/top_demo/tsup.config.ts')).toContain("from '../../tsup.shared.js'");
    expect(text('gadgets/top_demo/vitest.config.ts')).toContain("from '../../vitest.shared.js'");
    expect(text('gadgets/top_demo/src/index.ts')).toContain("import { mapIntervalGadget } from '@gadgetry/shapes';");
    expect(text('.changeset/top_demo-first-release.md')).toContain('"@gadgetry/gadget-top_demo": minor');
    const pkg = JSON.parse(text('gadgets/top_demo/package.json')!) as { name: string; dependencies: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.name).toBe('@gadgetry/gadget-top_demo');
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@gadgetry/native-bpf', '@gadgetry/shapes']);
    expect(pkg.scripts.typecheck).toBe('tsc --noEmit -p tsconfig.json');
    // the workspace it was given is otherwise untouched
    const after = workspaceFiles();
    for (const [path, content] of before) expect(after.get(path), path).toBe(content);
    expect([...after.keys()].filter((p) => !before.has(p) && !p.startsWith('gadgets/top_demo/'))).toEqual(['.changeset/top_demo-first-release.md']);
    await expect(nxGenerator(tree, { name: 'top_demo' })).rejects.toThrow('gadgets/top_demo already exists and is not empty');
  });

  it('--template profile writes a histogram profile gadget under gadgets/', async () => {
    const tree: Tree = createTreeWithEmptyWorkspace();
    await nxGenerator(tree, { name: 'write_sizes', template: 'profile' });
    const text = (path: string) => tree.read(path, 'utf-8')!;
    expect(tree.children('gadgets/write_sizes/src').sort()).toEqual(['event.generated.ts', 'index.test.ts', 'index.ts', 'program.bpf.c', 'write_sizes.h']);
    expect(JSON.parse(text('gadgets/write_sizes/package.json')).gadgetry).toMatchObject({ name: 'write_sizes', category: 'profile', type: 'profile' });
    expect(text('gadgets/write_sizes/src/program.bpf.c')).toContain('GADGET_HISTOGRAM(sizes, struct process_key, 10240);');
    expect(text('gadgets/write_sizes/src/index.ts')).toContain("import { histogramGadget } from '@gadgetry/shapes';");
    expect(text('gadgets/write_sizes/src/index.ts')).toContain("type: 'profile',");
  });

  it('--template operator writes an operator package under packages/ with the shared configs', async () => {
    const tree: Tree = createTreeWithEmptyWorkspace();
    await nxGenerator(tree, { name: 'pod_cgroup', template: 'operator' });
    expect(tree.children('packages/operator-pod_cgroup').sort()).toEqual(['README.md', 'package.json', 'src', 'tsconfig.json', 'tsup.config.ts', 'vitest.config.ts']);
    expect(tree.children('packages/operator-pod_cgroup/src').sort()).toEqual(['index.test.ts', 'index.ts', 'params.test-d.ts']);
    const pkg = JSON.parse(tree.read('packages/operator-pod_cgroup/package.json', 'utf-8')!) as { name: string; gadgetry: { kind: string }; scripts: Record<string, string> };
    expect(pkg).toMatchObject({ name: '@gadgetry/operator-pod_cgroup', gadgetry: { kind: 'operator' } });
    expect(Object.keys(pkg.scripts)).toEqual(['build', 'typecheck', 'test']);
    expect(tree.read('packages/operator-pod_cgroup/tsconfig.json', 'utf-8')).toContain('"extends": "../../tsconfig.base.json"');
    expect(tree.read('.changeset/pod_cgroup-first-release.md', 'utf-8')).toContain('"@gadgetry/operator-pod_cgroup": minor');
  });
});
