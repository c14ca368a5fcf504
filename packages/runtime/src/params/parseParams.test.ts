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
      'invalid value "ten" for --max-rows of gadget "top_file": expected integer',
    );
    expect(() => parseParams(schema, { 'max-rows': '0' }, 'g')).toThrow(/--max-rows .*expected integer \(expected integer to be greater or equal to 1\)/);
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
});
