import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { parseFilter } from './parseFilter.js';

const fields = Type.Object({ pid: Type.Integer(), comm: Type.String(), args: Type.Array(Type.String()) }).properties;
const rows = [
  { pid: 1, comm: 'systemd', args: ['/sbin/init'] },
  { pid: 200, comm: 'bash', args: ['bash', '-l'] },
  { pid: 300, comm: 'bashful', args: ['x'] },
];
const pick = (expr: string) => rows.filter(parseFilter(expr, fields)).map((r) => r.pid);

describe('parseFilter', () => {
  it('supports equality, negation, regex and numeric comparisons', () => {
    expect(pick('comm:bash')).toEqual([200]);
    expect(pick('comm:!bash')).toEqual([1, 300]);
    expect(pick('comm:~^bash')).toEqual([200, 300]);
    expect(pick('comm:!~^bash')).toEqual([1]);
    expect(pick('pid:>=200')).toEqual([200, 300]);
    expect(pick('pid:<200')).toEqual([1]);
    expect(pick('pid:>200')).toEqual([300]);
    expect(pick('pid:<=200')).toEqual([1, 200]);
    expect(pick('pid:200')).toEqual([200]);
    expect(pick('args:bash -l')).toEqual([200]);
  });

  it('joins expressions with commas, all of which must hold', () => {
    expect(pick('comm:~bash,pid:>250')).toEqual([300]);
  });

  it('names the field or operator that is wrong', () => {
    expect(() => parseFilter('nope:1', fields)).toThrow('unknown field "nope" in --filter "nope:1"; fields: pid, comm, args');
    expect(() => parseFilter('pid:abc', fields)).toThrow('field "pid" is a number, but --filter "pid:abc" compares it with "abc"');
    expect(() => parseFilter('comm', fields)).toThrow(/bad --filter "comm": expected field:value/);
    expect(() => parseFilter('comm:~(', fields)).toThrow(/bad regular expression in --filter "comm:~\(" for field "comm"/);
    expect(() => parseFilter('pid:>=', fields)).toThrow(/field "pid" is a number/);
  });
});
