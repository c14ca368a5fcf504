import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeTerminal } from './escapeTerminal.js';
import { RAW_CONTROL, nastyString } from '../test/nastyStrings.js';

describe('escapeTerminal', () => {
  it('turns C0, DEL, C1, separators, bidi controls and lone surrogates into visible escapes', () => {
    expect(escapeTerminal('a\nb\rc\td')).toBe('a\\nb\\rc\\td');
    expect(escapeTerminal('\x1b[31mred\x07\x00\x7f\x9b')).toBe('\\x1b[31mred\\x07\\x00\\x7f\\x9b');
    expect(escapeTerminal('evil\u202etxt.exe\u2028\u2029\u2066\u200e\u061c')).toBe('evil\\u202etxt.exe\\u2028\\u2029\\u2066\\u200e\\u061c');
    expect(escapeTerminal('lone \ud800 half')).toBe('lone \\ud800 half');
  });

  it('leaves ordinary text alone: non-ASCII, emoji, backslashes', () => {
    for (const s of ['/etc/passwd', 'café ☕ 日本語', '😀 pair', 'C:\\path\\x1b', '']) expect(escapeTerminal(s)).toBe(s);
  });

  it('never lets a raw control character through, and is idempotent', () => {
    fc.assert(
      fc.property(nastyString, (s) => {
        const e = escapeTerminal(s);
        expect(e).not.toMatch(RAW_CONTROL);
        expect(escapeTerminal(e)).toBe(e);
      }),
      { numRuns: 300 },
    );
  });
});
