import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pageShift } from './pageShift.js';

const dir = mkdtempSync(join(tmpdir(), 'page-shift-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An auxiliary vector file holding these (type, value) pairs. */
function auxv(pairs: [number, number][]): string {
  const buf = Buffer.alloc(pairs.length * 16);
  pairs.forEach(([t, v], i) => {
    buf.writeBigUInt64LE(BigInt(t), i * 16);
    buf.writeBigUInt64LE(BigInt(v), i * 16 + 8);
  });
  const path = join(dir, `auxv-${pairs.length}-${pairs[0]?.[1] ?? 0}`);
  writeFileSync(path, buf);
  return path;
}

describe('pageShift', () => {
  it('reads this process\'s page size, as getconf says it', async () => {
    const { execFileSync } = await import('node:child_process');
    const size = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }));
    expect(2 ** pageShift()).toBe(size);
  });

  it('finds AT_PAGESZ among other entries, up to AT_NULL', () => {
    expect(pageShift(auxv([[33, 7], [6, 16384], [0, 0]]))).toBe(14);
    expect(pageShift(auxv([[33, 7], [0, 0], [6, 65536]]))).toBe(12);
  });

  it('falls back to 4 KiB pages when the vector cannot be read or makes no sense', () => {
    expect(pageShift(join(dir, 'missing'))).toBe(12);
    expect(pageShift(auxv([[6, 3000]]))).toBe(12);
  });
});
