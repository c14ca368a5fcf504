import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@gadgetry/errors';
import { codesInSources, codesInText, sourceFiles } from '../src/scanSources.mjs';

const ROOT = resolve(import.meta.dirname, '../../..');
const listed = (code: string) => Object.hasOwn(ERROR_CODES, code);

describe('the error codes in the sources', () => {
  const found = codesInSources(ROOT);

  it('are all in the list of @gadgetry/errors (TypeScript, JavaScript and the C++ addon)', () => {
    const unlisted = found.filter((f) => !listed(f.code)).map((f) => `${f.file}:${f.line} uses ${f.code}`);
    expect(unlisted, 'add them to packages/errors/src/errorCodes.ts, or fix the typo').toEqual([]);
  });

  it('use every code of the list: none is left over from code that is gone', () => {
    const used = new Set(found.map((f) => f.code));
    expect(Object.keys(ERROR_CODES).filter((c) => !used.has(c))).toEqual([]);
  });

  it('are found in each language, and in the places codes are given', () => {
    const where = (code: string) => new Set(found.filter((f) => f.code === code).map((f) => f.file));
    expect(where('RINGBUF_FAILED')).toContain('packages/native-bpf/native/RingBufferReader.cc');
    expect(where('GENERATOR_INVALID')).toContain('tools/create-gadget/src/options.mjs');
    expect(where('USAGE')).toContain('packages/runtime/src/errors.ts');
    expect(where('FILTER_UNSUPPORTED')).toContain('packages/operators/src/FilterUnsupportedError.ts');
    const files = sourceFiles(ROOT);
    expect(files).toContain('packages/runtime/src/errors.ts');
    expect(files.some((f) => /\.test\.ts$|\/test\/|\/dist\/|node_modules/.test(f))).toBe(false);
  });
});

describe('the scanner', () => {
  it('finds a code however it is given, and reads its line', () => {
    const text = [
      `throw new BpfError('NOT_LISTED_ONE', 'x');`,
      `super("TYPO");`,
      `readonly code = 'OWN';`,
      `const e = { code: 'LITERAL' };`,
      `ThrowBpfError(env, Code::RINGBUF_FAILD, "x", 0);`,
      `ThrowBpfError(info.Env(), "PLAIN_STRING", "x", 0);`,
      `const map = { a: 'SOME_THING' };`,
    ].join('\n');
    expect(codesInText(text, true)).toEqual([
      { code: 'NOT_LISTED_ONE', line: 1 },
      { code: 'TYPO', line: 2 },
      { code: 'OWN', line: 3 },
      { code: 'LITERAL', line: 4 },
      { code: 'RINGBUF_FAILD', line: 5 },
      { code: 'PLAIN_STRING', line: 6 },
      { code: 'SOME_THING', line: 7 },
    ]);
  });

  it("leaves out what is not one of our codes: other programs' errno names, lower case, C++ names in JavaScript", () => {
    const text = [`if (err.code === 'ENOENT') return;`, `if (e.code !== 'EPIPE') throw e;`, `const kind = 'trace';`, `// Code::NAME in a comment of a .mjs`].join('\n');
    expect(codesInText(text)).toEqual([]);
  });
});
