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

  it('refuses an empty filter or an empty expression instead of ignoring it', () => {
    for (const empty of ['', ' ']) expect(() => parseFilter(empty, fields), JSON.stringify(empty)).toThrow('empty --filter; use field:value, e.g. --filter comm:bash');
    expect(() => parseFilter(' , ', fields)).toThrow('empty expression in --filter " , "; join field:value expressions with single commas');
    expect(() => parseFilter('comm:bash,', fields)).toThrow('empty expression in --filter "comm:bash,"; join field:value expressions with single commas');
    expect(() => parseFilter('pid: ', fields)).toThrow(/field "pid" is a number/);
  });

  it('does not take inherited object names for fields', () => {
    expect(() => parseFilter('constructor:x', fields)).toThrow('unknown field "constructor" in --filter "constructor:x"; fields: pid, comm, args');
  });

  it('quotes what was typed escaped and cut short, so the refusal stays one line', () => {
    expect(() => parseFilter(`co\x1bmm\n:1`, fields)).toThrow('unknown field "co\\x1bmm" in --filter "co\\x1bmm\\n:1"; fields: pid, comm, args');
    const long = `pid:${'9'.repeat(400)}x`;
    expect(() => parseFilter(long, fields)).toThrow(`field "pid" is a number, but --filter "${long.slice(0, 80)}…" (405 characters) compares it with "${'9'.repeat(80)}…" (401 characters)`);
    expect(() => parseFilter(`comm:~(${'a'.repeat(300)}`, fields)).toThrow(/^bad regular expression in --filter "comm:~\(a{73}…" \(307 characters\) for field "comm": Unterminated group$/);
  });
});
