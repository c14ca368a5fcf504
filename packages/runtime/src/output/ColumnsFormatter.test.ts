import fc from 'fast-check';
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { ColumnsFormatter } from './ColumnsFormatter.js';
import { RAW_CONTROL, nastyString } from '../../test/fixtures/nastyStrings.js';

const fields = [
  { name: 'user', schema: Type.String(), width: 8 },
  { name: 'comm', schema: Type.String(), width: 8 },
  { name: 'pid', schema: Type.Integer(), width: 6 },
  { name: 'file', schema: Type.String() },
];

describe('ColumnsFormatter', () => {
  it('escapes control characters so a file name cannot forge a line or drive the terminal', () => {
    // an unprivileged user names a file so that root sees an extra "root sshd /etc/shadow" row
    const evil = 'x\x1b[2K\r\nroot     sshd        1 /etc/shadow';
    const out = new ColumnsFormatter(fields).rows([{ user: 'mallory', comm: 'touch', pid: 4242, file: evil }]);
    expect(out).toBe('mallory  touch      4242 x\\x1b[2K\\r\\nroot     sshd        1 /etc/shadow\n');
    expect(out.split('\n')).toHaveLength(2);
  });

  it('escapes bidi overrides and Unicode line separators, in every column', () => {
    const out = new ColumnsFormatter(fields).rows([{ user: '\u202eroot', comm: 'a\u2028b', pid: 1, file: 'gpj.\u202eexe' }]);
    expect(out).toBe('\\u202er… a\\u2028b      1 gpj.\\u202eexe\n');
  });

  it('prints one line per event with no raw control character, whatever the values', () => {
    const row = fc.record({ user: nastyString, comm: nastyString, pid: fc.integer(), file: nastyString });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 5 }), (rows) => {
        const out = new ColumnsFormatter(fields).rows(rows);
        const lines = out.split('\n');
        expect(lines).toHaveLength(rows.length + 1);
        expect(lines.at(-1)).toBe('');
        for (const line of lines) expect(line).not.toMatch(RAW_CONTROL);
      }),
      { numRuns: 300 },
    );
  });
});
