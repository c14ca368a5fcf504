import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GadgetryError, foreignCode } from './GadgetryError.js';
import { errorDetails } from './errorDetails.js';
import { MAX_ERROR_LINE } from './oneLine.js';

describe('GadgetryError', () => {
  it('keeps the first line of a longer message and holds the rest in details', () => {
    const e = new GadgetryError('GADGET_STEP_FAILED', 'the first line says what failed\nline two\nline three');
    expect(e.message).toBe('the first line says what failed');
    expect(e.code).toBe('GADGET_STEP_FAILED');
    expect(e.name).toBe('GadgetryError');
    expect(e.details).toBe('the first line says what failed\nline two\nline three');
  });

  it('escapes control characters and cuts a long message to one bounded line', () => {
    const e = new GadgetryError('USAGE', `bad \u001b[31m"${'x'.repeat(1000)}"`);
    expect(e.message).toMatch(/^bad \\x1b\[31m"x+…$/);
    expect(e.message.length).toBeLessThanOrEqual(MAX_ERROR_LINE);
    expect(e.details).toContain('x'.repeat(1000));
  });

  it('collects details along the cause chain (libbpfLog, details strings) and stops at a cycle', () => {
    const inner = Object.assign(new Error('inner\nits second line'), { details: 'more about inner', libbpfLog: 'libbpf: said\tthis\u001b[2J' });
    const middle = new Error('middle', { cause: inner });
    (inner as { cause?: unknown }).cause = middle;
    const outer = new GadgetryError('BPF_LOAD_FAILED', 'outer', { cause: middle });
    expect(errorDetails(outer)).toBe('inner\nits second line\nmore about inner\nlibbpf: said\tthis\\x1b[2J');
    expect(new GadgetryError('USAGE', 'nothing more to say').details).toBe('');
  });

  it('a subclass is named after itself and is a GadgetryError', () => {
    class SpecialError extends GadgetryError {
      constructor() {
        super('OUTPUT_FAILED', 'special');
      }
    }
    const e = new SpecialError();
    expect(e.name).toBe('SpecialError');
    expect(e).toBeInstanceOf(GadgetryError);
    expect(e).toBeInstanceOf(Error);
    expect(new GadgetryError('USAGE', 'x')).not.toBeInstanceOf(SpecialError);
  });

  it('recognises a GadgetryError made by another copy of the package (a gadget with its own node_modules)', async () => {
    // the built package is a second copy of the module, with its own class
    const other = (await import(join(import.meta.dirname, '../dist/index.js'))) as typeof import('./index.js');
    expect(other.GadgetryError).not.toBe(GadgetryError);
    const theirs = new other.GadgetryError('BPF_LOAD_FAILED', 'from the other copy\nand its second line');
    expect(theirs).toBeInstanceOf(GadgetryError);
    expect(errorDetails(theirs)).toBe('from the other copy\nand its second line');
    expect(new Error('plain')).not.toBeInstanceOf(GadgetryError);
    expect(Object.assign(new Error('look-alike'), { code: 'USAGE' })).not.toBeInstanceOf(GadgetryError);
  });
});

describe('foreignCode', () => {
  it('accepts a well-formed code of a third party and nothing else', () => {
    expect(foreignCode('ACME_SENSOR_OFFLINE')).toBe('ACME_SENSOR_OFFLINE');
    const e = new GadgetryError(foreignCode('ACME_SENSOR_OFFLINE')!, 'the sensor is offline');
    expect(e.code).toBe('ACME_SENSOR_OFFLINE');
    for (const bad of ['PARAM_INVALID', 'lower_case', 'X', 'HAS SPACE', `A${'B'.repeat(80)}`, 42, undefined, '1ABC']) {
      expect(foreignCode(bad), String(bad)).toBeUndefined();
    }
  });
});
