const NAMED: Record<number, string> = { 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r', 0x5c: '\\\\' };

/**
 * Bytes another process sent or received, as text that is safe anywhere:
 * printable ASCII as it is, a backslash doubled, tab, newline and carriage
 * return as \t \n \r, every other byte (controls, DEL, anything above 0x7e)
 * as \xNN. The form is exact: unescapePlaintext() gives the bytes back.
 */
export function escapePlaintext(bytes: ArrayLike<number>, count = bytes.length): string {
  let out = '';
  const n = Math.min(count, bytes.length);
  for (let i = 0; i < n; i++) {
    const b = bytes[i]! & 0xff;
    const named = NAMED[b];
    if (named) out += named;
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** The bytes escapePlaintext() wrote. */
export function unescapePlaintext(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '\\') {
      out.push(c.charCodeAt(0));
      continue;
    }
    const next = text[++i];
    if (next === 'x') {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(next === 't' ? 0x09 : next === 'n' ? 0x0a : next === 'r' ? 0x0d : 0x5c);
  }
  return out;
}
