import { describe, expect, it } from 'vitest';
import { MAX_RING_BUFFER_KIB, ringBufferSize } from './ringBufferSize.js';

describe('ringBufferSize', () => {
  it('accepts powers of two from 4 KiB to 1 GiB', () => {
    expect(ringBufferSize(4)).toBe(4096);
    expect(ringBufferSize(1024)).toBe(1 << 20);
    expect(ringBufferSize(MAX_RING_BUFFER_KIB)).toBe(2 ** 30);
  });

  it('rejects other sizes with what is allowed', () => {
    for (const bad of [0, 3, 100, 1.5, -4, Number.NaN]) expect(() => ringBufferSize(bad)).toThrow(/expected a power of two from 4 to 1048576/);
  });

  it('refuses sizes past 1 GiB instead of wrapping them to 32 bits', () => {
    // 6 GiB and 4 GiB used to pass the 32-bit power-of-two test and wrap to 2 GiB and 0
    for (const bad of [6291456, 4194304, 2097152, 2 ** 40]) {
      expect(() => ringBufferSize(bad), String(bad)).toThrow(/expected a power of two from 4 to 1048576/);
    }
  });
});
