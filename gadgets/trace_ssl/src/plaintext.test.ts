import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapePlaintext, unescapePlaintext } from './plaintext.js';

describe('escapePlaintext', () => {
  it('keeps printable ASCII, names tab/newline/return, doubles backslashes, writes other bytes as \\xNN', () => {
    const bytes = [...Buffer.from('GET / HTTP/1.1\r\n\t\\'), 0x00, 0x1b, 0x7f, 0x80, 0xff];
    expect(escapePlaintext(bytes)).toBe('GET / HTTP/1.1\\r\\n\\t\\\\\\x00\\x1b\\x7f\\x80\\xff');
  });

  it('stops at count', () => {
    expect(escapePlaintext([0x41, 0x42, 0x43, 0], 2)).toBe('AB');
  });

  it('any bytes: the text has only printable ASCII, and gives the bytes back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = escapePlaintext(bytes);
        expect(/^[\x20-\x7e]*$/.test(text)).toBe(true);
        expect(unescapePlaintext(text)).toEqual([...bytes]);
      }),
      { numRuns: 300 },
    );
  });
});
