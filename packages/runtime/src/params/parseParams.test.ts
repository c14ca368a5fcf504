import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { parseParams } from './parseParams.js';
import { paramSpecs } from './paramSpecs.js';

const schema = Type.Object({
  maxRows: Type.Integer({ default: 20, minimum: 1, description: 'Rows per interval' }),
  interval: Type.Number({ default: 1 }),
  failed: Type.Boolean({ default: false }),
  sort: Type.Union([Type.Literal('reads'), Type.Literal('writes'), Type.Literal('rbytes')], { default: 'rbytes' }),
  comm: Type.Optional(Type.String()),
  pids: Type.Array(Type.Integer(), { default: [] }),
});

describe('parseParams', () => {
  it('applies defaults', () => {
    expect(parseParams(schema, {}, 'gadget "t"')).toEqual({ maxRows: 20, interval: 1, failed: false, sort: 'rbytes', pids: [] });
  });

  it('converts command-line strings by flag or key', () => {
    const p = parseParams(schema, { 'max-rows': '5', interval: '0.5', failed: 'true', sort: 'writes', pids: '1,2,3', comm: 'sh' }, 'g');
    expect(p).toEqual({ maxRows: 5, interval: 0.5, failed: true, sort: 'writes', pids: [1, 2, 3], comm: 'sh' });
  });

  it('accepts typed values from the API', () => {
    expect(parseParams(schema, { maxRows: 7, failed: true }, 'g')).toMatchObject({ maxRows: 7, failed: true });
  });

  it('names the param, the bad value and what is allowed', () => {
    expect(() => parseParams(schema, { 'max-rows': 'ten' }, 'gadget "top_file"')).toThrow(
      'invalid value "ten" for --max-rows of gadget "top_file": expected integer (>= 1)',
    );
    expect(() => parseParams(schema, { 'max-rows': '0' }, 'g')).toThrow('invalid value "0" for --max-rows of g: expected integer (>= 1)');
    expect(() => parseParams(schema, { sort: 'size' }, 'g')).toThrow('invalid value "size" for --sort of g: expected one of reads, writes, rbytes');
    expect(() => parseParams(schema, { failed: 'maybe' }, 'g')).toThrow('invalid value "maybe" for --failed of g: expected boolean');
  });

  it('rejects unknown params and lists the known ones', () => {
    expect(() => parseParams(schema, { colour: 'red' }, 'g')).toThrow(
      'unknown param --colour for g; known params: --max-rows, --interval, --failed, --sort, --comm, --pids',
    );
  });

  it('describes params for help', () => {
    const specs = paramSpecs(schema);
    expect(specs.find((s) => s.key === 'sort')).toMatchObject({ flag: 'sort', type: 'reads|writes|rbytes', default: 'rbytes' });
    expect(specs.find((s) => s.key === 'pids')).toMatchObject({ type: 'integer[]' });
  });

  it('refuses integers written with a fraction, exponent or trailing text instead of truncating them', () => {
    // a lenient conversion read "1.9" as pid 1 and "1e3" as 1 row
    for (const bad of ['1.9', '1e3', '1E3', '0x10', '5abc', ' 5', '5 ', '', '+', '-', '١٢', 'Infinity', '9007199254740993']) {
      expect(() => parseParams(schema, { 'max-rows': bad }, 'g'), JSON.stringify(bad)).toThrow(
        `invalid value ${JSON.stringify(bad)} for --max-rows of g: expected integer (>= 1)`,
      );
    }
    expect(parseParams(schema, { 'max-rows': '+0042' }, 'g')).toMatchObject({ maxRows: 42 });
  });

  it('refuses numbers with an exponent, hex or Infinity, and typed values of the wrong kind', () => {
    for (const bad of ['1e10', '0x1', 'Infinity', 'NaN', '1,5', '.', '']) {
      expect(() => parseParams(schema, { interval: bad }, 'g'), bad).toThrow(/for --interval of g: expected number$/);
    }
    expect(parseParams(schema, { interval: '.25' }, 'g')).toMatchObject({ interval: 0.25 });
    expect(() => parseParams(schema, { maxRows: 1.9 }, 'g')).toThrow('invalid value 1.9 for --max-rows of g: expected integer (>= 1)');
    expect(() => parseParams(schema, { interval: Number.POSITIVE_INFINITY }, 'g')).toThrow(/--interval/);
  });

  it('refuses values outside the range the schema gives, and says the range', () => {
    const pid = Type.Object({ pid: Type.Integer({ default: 0, minimum: 0, maximum: 4294967295, description: 'Only this pid' }) });
    expect(() => parseParams(pid, { pid: '99999999999' }, 'g')).toThrow('invalid value "99999999999" for --pid of g: expected integer (0..4294967295)');
    expect(() => parseParams(pid, { pid: '-1' }, 'g')).toThrow(/expected integer \(0\.\.4294967295\)/);
    expect(parseParams(pid, { pid: '4294967295' }, 'g')).toEqual({ pid: 4294967295 });
    expect(paramSpecs(pid)[0]).toMatchObject({ range: '0..4294967295', description: 'Only this pid (0..4294967295)' });
  });

  it('refuses an empty item in a list instead of dropping it', () => {
    expect(() => parseParams(schema, { pids: '1,,2' }, 'g')).toThrow('invalid value "1,,2" for --pids of g: expected integer[]');
    expect(() => parseParams(schema, { pids: '1,2.5' }, 'g')).toThrow(/expected integer\[\]/);
    expect(parseParams(schema, { pids: '' }, 'g')).toMatchObject({ pids: [] });
  });

  it('shows a bad value escaped and cut to 80 characters, on one line', () => {
    const long = `\x1b[2J\n${'9'.repeat(100_000)}`;
    let message = '';
    try {
      parseParams(schema, { 'max-rows': long }, 'g');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe(`invalid value "\\x1b[2J\\n${'9'.repeat(71)}…" (100005 characters) for --max-rows of g: expected integer (>= 1)`);
    expect(() => parseParams(schema, { [`x\n${'y'.repeat(500)}`]: '1' }, 'g')).toThrow(/^unknown param --x\\ny{77}… \(502 characters\) for g;/);
  });
});
