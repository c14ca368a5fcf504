import { describe, expect, it } from 'vitest';
import { ringBufferSize } from './ringBufferSize.js';

describe('ringBufferSize', () => {
  it('accepts powers of two from 4 KiB', () => {
    expect(ringBufferSize(4)).toBe(4096);
    expect(ringBufferSize(1024)).toBe(1 << 20);
  });

  it('rejects other sizes with what is allowed', () => {
    for (const bad of [0, 3, 100, 1.5]) expect(() => ringBufferSize(bad)).toThrow(/expected a power of two of at least 4/);
  });
});
