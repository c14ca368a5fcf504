// The type tests (*.test-d.ts) must fail when the inference they describe is
// broken. Each case copies the SDK's sources, breaks one piece of inference,
// runs tsc over the copy and expects errors in the type test that covers it.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const SDK = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WORKSPACE = resolve(SDK, '../..');
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const work = mkdtempSync(join(tmpdir(), 'gadgetry-sdk-mutants-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Copies src/, replaces `from` with `to` in `file`, runs tsc over the copy; resolves to tsc's output and exit status. */
function typecheckMutant(name: string, file: string, from: string, to: string): Promise<{ code: number | null; out: string }> {
  const dir = join(work, name);
  cpSync(join(SDK, 'src'), join(dir, 'src'), { recursive: true });
  symlinkSync(join(WORKSPACE, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  const path = join(dir, 'src', file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} no longer contains ${from}: update this test`);
  writeFileSync(path, text.replace(from, to));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: join(WORKSPACE, 'tsconfig.base.json'), include: ['src'] }));
  return new Promise((done) => {
    const child = spawn(process.execPath, [TSC, '--noEmit', '--pretty', 'false', '-p', 'tsconfig.json'], { cwd: dir });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => done({ code, out }));
  });
}

/** The type test files tsc reported errors in. */
const failingFiles = (out: string) => [...new Set([...out.matchAll(/^src\/(\S+\.test-d\.ts)\(/gm)].map((m) => m[1]))].sort();

describe.concurrent('the type tests catch broken inference', () => {
  it('the unbroken copy type-checks (so the failures below come from the breakage)', async () => {
    const r = await typecheckMutant('unbroken', 'defineGadget.ts', 'defineGadget', 'defineGadget');
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  }, 60_000);

  it('defineGadget no longer inferring params from the schema', async () => {
    const r = await typecheckMutant('gadget-params', 'defineGadget.ts', 'GadgetInstance<Static<P>, Static<E>>', 'GadgetInstance<Record<string, unknown>, Static<E>>');
    expect(r.code).not.toBe(0);
    expect(failingFiles(r.out)).toEqual(['defineGadget.test-d.ts']);
  }, 60_000);

  it('defineGadget no longer typing events from the schema', async () => {
    const r = await typecheckMutant('gadget-events', 'defineGadget.ts', 'GadgetInstance<Static<P>, Static<E>>', 'GadgetInstance<Static<P>, any>');
    expect(r.code).not.toBe(0);
    expect(failingFiles(r.out)).toEqual(['defineGadget.test-d.ts']);
  }, 60_000);

  it('defineOperator handing instantiate untyped params again', async () => {
    const r = await typecheckMutant('operator-params', 'operator.ts', 'params: Static<P>,', 'params: Record<string, unknown>,');
    expect(r.code).not.toBe(0);
    expect(failingFiles(r.out)).toEqual(['defineOperator.test-d.ts']);
  }, 60_000);

  it('defineEvent accepting any overlay key, so a typo compiles', async () => {
    const r = await typecheckMutant('event-overlay-keys', 'defineEvent.ts', 'const O extends EventOverlay<G, O>', 'const O extends Record<string, object>');
    expect(r.code).not.toBe(0);
    expect(failingFiles(r.out)).toEqual(['defineEvent.test-d.ts']);
  }, 60_000);

  it('defineEvent allowing int64 on a member that is not 64-bit', async () => {
    const r = await typecheckMutant('event-int64', 'defineEvent.ts', 'S extends Int64Field\n', 'S extends TSchema\n');
    expect(r.code).not.toBe(0);
    expect(failingFiles(r.out)).toEqual(['defineEvent.test-d.ts']);
  }, 60_000);

  it('EventOf losing the event type', async () => {
    const r = await typecheckMutant('event-of', 'descriptor.ts', '? Static<E> : never;', '? Record<string, unknown> : never;');
    expect(r.code).not.toBe(0);
    expect(failingFiles(r.out)).toEqual(['descriptorTypes.test-d.ts']);
  }, 60_000);
});
