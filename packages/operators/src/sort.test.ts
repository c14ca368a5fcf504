import { describe, expect, it } from 'vitest';
import { parseSort, sortRows } from './sort.js';

describe('sort', () => {
  it('sorts by several keys, descending with -', () => {
    const rows = [
      { comm: 'b', bytes: 10 },
      { comm: 'a', bytes: 10 },
      { comm: 'c', bytes: 99 },
    ];
    expect(sortRows(rows, parseSort('-bytes,comm', ['comm', 'bytes'])).map((r) => r.comm)).toEqual(['c', 'a', 'b']);
  });

  it('rejects unknown fields, naming them', () => {
    expect(() => parseSort('-size', ['comm', 'bytes'])).toThrow('unknown field "size" in --sort "-size"; fields: comm, bytes');
  });
});
