import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ElfError, bufferSource, fileSource, offsetToVaddr, readElf } from '../src/index.js';
import { SPINNER, cPrograms } from './cProgram.js';

const programs = cPrograms('gadgetry-elf');
afterAll(() => programs.remove());
const binary = programs.build('spinner', SPINNER);

/** The address `nm` gives a symbol: the reference the reader is checked against. */
function nmAddress(file: string, name: string, dynamic = false): bigint {
  const out = execFileSync('nm', [...(dynamic ? ['-D'] : []), file], { encoding: 'utf8' });
  const line = out.split('\n').find((l) => l.endsWith(` ${name}`));
  if (!line) throw new Error(`nm shows no ${name} in ${file}`);
  return BigInt(`0x${line.split(' ')[0]}`);
}

describe('the ELF reader', () => {
  it('finds a function of a compiled program by its address, as nm does, and its build id', () => {
    const src = fileSource(binary);
    try {
      const elf = readElf(src);
      expect(elf.buildId).toMatch(/^[0-9a-f]{40}$/);
      const readelf = execFileSync('readelf', ['-n', binary], { encoding: 'utf8' });
      expect(readelf).toContain(elf.buildId);
      const table = elf.symbols();
      const at = nmAddress(binary, 'burn_cpu');
      expect(table.lookup(at + 2n)).toEqual({ name: 'burn_cpu', offset: 2n });
      expect(table.lookup(nmAddress(binary, 'main'))?.name).toBe('main');
    } finally {
      src.close();
    }
  });

  it('maps a file offset to its loaded address through the segments', () => {
    const elf = readElf(bufferSource(readFileSync(binary)));
    const at = nmAddress(binary, 'burn_cpu');
    const text = elf.loads.find((l) => l.vaddr <= at && at < l.vaddr + BigInt(l.fileSize))!;
    const offset = Number(at - text.vaddr) + text.offset;
    expect(offsetToVaddr(elf.loads, offset)).toBe(at);
    expect(offsetToVaddr(elf.loads, 2 ** 40)).toBeUndefined();
  });

  it('reads .dynsym when the file is stripped of .symtab', () => {
    const lib = programs.build('libspin.so', 'int exported_spin(int x) { return x * 3; }\n', ['-shared', '-fPIC']);
    const stripped = join(programs.dir, 'libspin-stripped.so');
    copyFileSync(lib, stripped);
    execFileSync('strip', ['--strip-all', stripped]);
    expect(execFileSync('readelf', ['-S', stripped], { encoding: 'utf8' })).not.toContain('.symtab');
    const table = readElf(bufferSource(readFileSync(stripped))).symbols();
    expect(table.lookup(nmAddress(stripped, 'exported_spin', true))?.name).toBe('exported_spin');
  });

  it('refuses what is not a 64-bit little-endian ELF with ElfError', () => {
    expect(() => readElf(bufferSource(Buffer.from('#!/bin/sh\necho hi\n')))).toThrow(ElfError);
    const elf32 = Buffer.from(readFileSync(binary));
    elf32[4] = 1;
    expect(() => readElf(bufferSource(elf32))).toThrow('not a 64-bit little-endian ELF file');
    expect(() => readElf(bufferSource(readFileSync(binary).subarray(0, 40)))).toThrow(ElfError);
  });

  it('fuzzed: a corrupted ELF only ever throws ElfError, from the header or the tables', () => {
    const good = readFileSync(binary);
    // the interesting bytes: header, program headers, and the section headers at the end
    const shoff = Number(good.readBigUInt64LE(40));
    const spots = fc.oneof(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 64, max: 64 + 56 * 13 }), fc.integer({ min: shoff, max: good.length - 1 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(spots, fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }), fc.nat({ max: good.length }), (edits, cut) => {
        const bytes = Buffer.from(good.subarray(0, Math.max(cut, good.length - (cut % 4096))));
        for (const [at, value] of edits) if (at < bytes.length) bytes[at] = value;
        try {
          const elf = readElf(bufferSource(bytes));
          const table = elf.symbols();
          table.lookup(0x1000n);
        } catch (err) {
          if (!(err instanceof ElfError)) throw err;
        }
      }),
      { numRuns: 300, seed: 14 },
    );
  });

  it('fuzzed: arbitrary bytes behind a valid ELF magic only ever throw ElfError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 600 }), (tail) => {
        const bytes = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1]), Buffer.from(tail)]);
        try {
          readElf(bufferSource(bytes)).symbols();
        } catch (err) {
          if (!(err instanceof ElfError)) throw err;
        }
      }),
      { numRuns: 300, seed: 15 },
    );
  });
});
