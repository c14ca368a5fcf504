// A damaged object never crashes the generator: it is read, or refused with
// one BuildError line (fast-check over flipped bytes and cut-off files).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BuildError } from '../src/BuildError.mjs';
import { eventSchemaModule } from '../src/eventSchemaFile.mjs';
import { btfSection } from '../src/readBtf.mjs';
import { FIXTURE_BUILD } from './buildFixtures.js';

const object = readFileSync(join(FIXTURE_BUILD, 'every_member.bpf.o'));
const btf = btfSection(object);
const btfStart = object.indexOf(btf);

function generateOrRefuse(bytes: Buffer): void {
  try {
    eventSchemaModule(bytes, 'x.bpf.c');
  } catch (err) {
    expect(err).toBeInstanceOf(BuildError);
    expect((err as Error).message).not.toMatch(/[\n\r]/);
  }
}

describe('reading a damaged object', () => {
  it('refuses or reads, never throws anything but a BuildError', () => {
    const flips = fc.array(fc.record({ at: fc.nat(btf.length - 1), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(flips, fc.boolean(), (changes, inElf) => {
        const copy = Buffer.from(object);
        for (const c of changes) copy[inElf ? c.at % 64 : btfStart + c.at] = c.value; // the ELF header, or the BTF
        generateOrRefuse(copy);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a file cut short, or not an object at all', () => {
    fc.assert(
      fc.property(fc.nat(object.length - 1), (length) => generateOrRefuse(object.subarray(0, length))),
      { numRuns: 300 },
    );
    expect(() => eventSchemaModule(Buffer.from('#!/bin/sh\n'), 'x')).toThrow(new BuildError('BTF_INVALID', 'not an ELF object'));
  });
});
