import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesKind, formatBytes, parseBytes } from './bytes.js';
import { durationKind, formatDuration, parseDuration } from './duration.js';
import { formatIp, ipKind, portKind } from './ip.js';
import { rfc3339Nano, timestampKind } from './timestamp.js';

describe('duration', () => {
  it('reads as 850ns, 12.3µs, 1.2ms, 3.4s, 2m03s, 1h02m', () => {
    expect([850, 12_300, 1_234_567, 3_400_000_000, 123e9, 3720e9].map((n) => formatDuration(n))).toEqual(['850ns', '12.3µs', '1.2ms', '3.4s', '2m03s', '1h02m']);
    expect(formatDuration(456_000_000n)).toBe('456ms');
    expect(durationKind.text(-1500, {})).toBe('-1.5µs');
  });

  it('parses what users type', () => {
    expect(parseDuration('1.5ms')).toBe(1_500_000);
    expect(parseDuration('250us')).toBe(250_000);
    expect(parseDuration('250µs')).toBe(250_000);
    expect(parseDuration('2s')).toBe(2e9);
    expect(parseDuration('42')).toBe(42);
    expect(parseDuration('soon')).toBeUndefined();
  });

  it('reads back what it writes, to the precision shown', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 59e9 }), (ns) => {
        const back = Number(parseDuration(formatDuration(ns)));
        expect(Math.abs(back - ns)).toBeLessThanOrEqual(Math.max(1, ns * 0.05)); // one decimal of the unit
      }),
      { numRuns: 300 },
    );
  });
});

describe('bytes', () => {
  it('reads as 512 B, 4.0 KiB, 1.5 MiB and parses 4KiB, 1.5M, 4k', () => {
    expect([512, 4096, 1.5 * 1024 * 1024, 3 * 1024 ** 4].map((n) => formatBytes(n))).toEqual(['512 B', '4.0 KiB', '1.5 MiB', '3.0 TiB']);
    expect(bytesKind.text(5000n, {})).toBe('4.9 KiB');
    expect([parseBytes('4KiB'), parseBytes('1.5M'), parseBytes('4k'), parseBytes('100')]).toEqual([4096, 1572864, 4096, 100]);
    expect(parseBytes('4 parsecs')).toBeUndefined();
  });
});

describe('ip and port', () => {
  const v4mapped = (a: number, b: number, c: number, d: number) => [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, a, b, c, d];
  it('shows IPv4-mapped addresses as dotted quads and IPv6 as RFC 5952 writes it', () => {
    expect(formatIp(v4mapped(127, 0, 0, 1))).toBe('127.0.0.1');
    expect(formatIp([...Array(15).fill(0), 1])).toBe('::1');
    expect(formatIp(Array(16).fill(0))).toBe('::');
    expect(formatIp([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1])).toBe('2001:db8::1:0:0:1');
    expect(formatIp([0xfe, 0x80, ...Array(13).fill(0), 0x2a])).toBe('fe80::2a');
    expect(formatIp(new Uint8Array([10, 0, 0, 7]))).toBe('10.0.0.7');
    expect(ipKind.text('not an address', {})).toBe('not an address');
    expect(portKind.identity).toBe(true);
  });

  it('writes every 16-byte address as Node.js\'s URL parser reads it back', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 16, maxLength: 16 }), (bytes) => {
        const text = formatIp(bytes);
        if (!text.includes(':')) return; // IPv4-mapped
        expect(new URL(`http://[${text}]/`).hostname).toBe(`[${text}]`);
      }),
      { numRuns: 300 },
    );
  });
});

describe('timestamp', () => {
  const offset = 1_700_000_000_123_456_789n; // epoch ns at boot
  const ctx = { bootToEpochNs: () => offset, utc: true };
  const raw = 5_000_000_001; // 5 s after boot

  it('turns ns since boot into wall-clock time: RFC 3339 with ns in JSON, time of day in columns', () => {
    expect(timestampKind.json!(raw, ctx)).toBe('2023-11-14T22:13:25.123456790Z');
    expect(timestampKind.text(raw, ctx)).toBe('22:13:25.123456');
    expect(timestampKind.text(raw, { ...ctx, timestampFormat: 'rfc3339' })).toBe('2023-11-14T22:13:25.123456790Z');
    expect(timestampKind.text(raw, { ...ctx, timestampFormat: 'raw' })).toBe('5000000001');
    expect(timestampKind.text(BigInt(raw), ctx)).toBe('22:13:25.123456');
    expect(timestampKind.json!(0, ctx)).toBe('');
    expect(timestampKind.text(raw, {})).toBe('5000000001');
  });

  it('its column is as wide as its format', () => {
    for (const format of ['time', 'rfc3339', 'raw'] as const) {
      expect(timestampKind.text(raw, { ...ctx, timestampFormat: format }).length, format).toBeLessThanOrEqual(timestampKind.width({ timestampFormat: format }));
    }
  });

  it('reads raw ns, RFC 3339 and a time of day back into ns since boot', () => {
    expect(timestampKind.parse!('5000000001', ctx)).toBe(raw);
    expect(timestampKind.parse!('2023-11-14T22:13:25.123456790Z', ctx)).toBe(raw);
    expect(timestampKind.parse!('2023-11-14T23:13:25.123456790+01:00', ctx)).toBe(raw);
    const today = new Date();
    const at = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 14, 5, 0);
    expect(BigInt(timestampKind.parse!('14:05:00', ctx)!)).toBe(BigInt(at) * 1_000_000n - offset);
    expect(timestampKind.parse!('25:00:00', ctx)).toBeUndefined();
    expect(rfc3339Nano(0n)).toBe('1970-01-01T00:00:00.000000000Z');
  });

  it('writes every nanosecond of RFC 3339 times in any order, in the same second or not (the per-second cache)', () => {
    const reference = (epoch: bigint) => `${new Date(Number(epoch / 1_000_000n)).toISOString().slice(0, 19)}.${String(epoch % 1_000_000_000n).padStart(9, '0')}Z`;
    const base = fc.bigInt({ min: 0n, max: 253_402_300_790_000_000_000n }); // up to 9999-12-31
    fc.assert(
      fc.property(base, fc.array(fc.bigInt({ min: 0n, max: 3_000_000_000n }), { maxLength: 6 }), (start, steps) => {
        for (const epoch of [start, ...steps.map((d) => start + d), start]) expect(rfc3339Nano(epoch)).toBe(reference(epoch));
      }),
      { numRuns: 300 },
    );
    expect(rfc3339Nano(1_999_999_999n)).toBe('1970-01-01T00:00:01.999999999Z');
    expect(rfc3339Nano(2_000_000_000n)).toBe('1970-01-01T00:00:02.000000000Z');
  });
});
