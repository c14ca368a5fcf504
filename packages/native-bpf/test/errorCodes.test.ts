// The addon's error codes are @gadgetry/errors' list: its build generates
// ErrorCodes.h from the list, and ThrowBpfError takes only Code::<NAME>.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@gadgetry/errors';
import { errorCodesHeader } from '../scripts/errorCodesHeader.mjs';

const PKG = resolve(import.meta.dirname, '..');
const NATIVE = join(PKG, 'native');
const GENERATED = join(PKG, 'build', 'generated');
const work = mkdtempSync(join(tmpdir(), 'gadgetry-error-codes-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The include folders the addon is built with (scripts/build-addon.mjs). */
function includes(): string[] {
  const nodeIncludes = [join(dirname(dirname(realpathSync(process.execPath))), 'include', 'node'), '/usr/include/node', '/usr/local/include/node'];
  const node = nodeIncludes.find((d) => existsSync(join(d, 'node_api.h')));
  if (!node) throw new Error(`node_api.h not found in ${nodeIncludes.join(', ')}`);
  const addonApi = dirname(createRequire(import.meta.url).resolve('node-addon-api/package.json'));
  return [node, addonApi, NATIVE, GENERATED];
}

/** g++ -fsyntax-only over a snippet that includes BpfError.h: the compiler's exit status and what it said. */
function compile(name: string, body: string): { ok: boolean; out: string } {
  const file = join(work, `${name}.cc`);
  writeFileSync(file, `#include "BpfError.h"\nnamespace gadgetry {\nvoid Probe(Napi::Env env) {\n  ${body}\n}\n}  // namespace gadgetry\n`);
  const r = spawnSync(
    'g++',
    ['-std=c++17', '-fsyntax-only', '-DNAPI_VERSION=8', '-DNAPI_CPP_EXCEPTIONS', '-DNODE_ADDON_API_DISABLE_DEPRECATED', ...includes().map((d) => `-I${d}`), file],
    { encoding: 'utf8' },
  );
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

const nativeSources = () => readdirSync(NATIVE).filter((f) => /\.(cc|h)$/.test(f));

describe('error codes in the native addon', () => {
  it('the built ErrorCodes.h is generated from the list, every code of it', () => {
    const header = readFileSync(join(GENERATED, 'ErrorCodes.h'), 'utf8');
    expect(header).toBe(errorCodesHeader(Object.keys(ERROR_CODES)));
    for (const code of Object.keys(ERROR_CODES)) expect(header).toContain(`static constexpr ErrorCode ${code}{"${code}"};`);
  });

  it('every Code:: the sources use is in the list, and no error is thrown with a string code', () => {
    const used = new Set<string>();
    for (const f of nativeSources()) {
      const text = readFileSync(join(NATIVE, f), 'utf8');
      for (const m of text.matchAll(/\bCode::([A-Za-z0-9_]+)/g)) used.add(m[1]!);
      expect(text, f).not.toMatch(/(ThrowBpfError|BpfErrorValue)\([^,]+,\s*"/);
    }
    expect(used.size).toBeGreaterThan(20);
    expect([...used].filter((c) => !Object.hasOwn(ERROR_CODES, c))).toEqual([]);
  });

  it('ThrowBpfError with a listed code compiles', () => {
    const r = compile('listed', 'ThrowBpfError(env, Code::RINGBUF_FAILED, "cannot open ring buffer", 0);');
    expect(r.out).toBe('');
    expect(r.ok).toBe(true);
  }, 30_000);

  it('a mistyped code does not compile', () => {
    const r = compile('typo', 'ThrowBpfError(env, Code::RINGBUF_FAILD, "cannot open ring buffer", 0);');
    expect(r.ok).toBe(false);
    expect(r.out).toMatch(/RINGBUF_FAILD/);
  }, 30_000);

  it('a code as a plain string does not compile, nor does making one by hand', () => {
    const literal = compile('literal', 'ThrowBpfError(env, "RINGBUF_FAILED", "cannot open ring buffer", 0);');
    expect(literal.ok).toBe(false);
    expect(literal.out).toMatch(/ErrorCode/);
    const handMade = compile('handmade', 'ErrorCode own("RINGBUF_FAILED"); ThrowBpfError(env, own, "x", 0);');
    expect(handMade.ok).toBe(false);
    expect(handMade.out).toMatch(/private/);
  }, 30_000);
});
