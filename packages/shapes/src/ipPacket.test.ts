import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIpPacket } from './ipPacket.js';

const udp4 = (payload: number[]) => {
  const total = 28 + payload.length;
  return Buffer.from([0x45, 0, total >> 8, total & 0xff, 0, 0, 0x40, 0, 64, 17, 0, 0, 127, 0, 0, 1, 10, 0, 0, 2, 0x30, 0x39, 0, 53, 0, 8 + payload.length, 0, 0, ...payload]);
};

describe('parseIpPacket', () => {
  it('reads IPv4 UDP and IPv6 TCP headers, and leaves out later fragments and other protocols', () => {
    expect(parseIpPacket(udp4([1, 2, 3]))).toEqual({
      version: 4, family: 2, proto: 17, saddr: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 127, 0, 0, 1], daddr: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 10, 0, 0, 2], sport: 12345, dport: 53, payload: Buffer.from([1, 2, 3]),
    });
    const tcp = [0x01, 0xbb, 0x1f, 0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0x50, 0x18, 0, 0, 0, 0, 0, 0, 9, 9];
    const v6 = Buffer.from([0x60, 0, 0, 0, 0, tcp.length, 6, 64, ...new Array(15).fill(0), 1, ...new Array(15).fill(0), 1, ...tcp]);
    expect(parseIpPacket(v6)).toMatchObject({ version: 6, family: 10, proto: 6, sport: 443, dport: 8080, payload: Buffer.from([9, 9]) });
    const fragment = udp4([1]);
    fragment[7] = 8; // offset 64 bytes
    expect(parseIpPacket(fragment)).toBeUndefined();
    const icmp = udp4([1]);
    icmp[9] = 1;
    expect(parseIpPacket(icmp)).toBeUndefined();
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom(0x45, 0x46, 0x60, 0x4f), (bytes, first) => {
        parseIpPacket(Buffer.from(bytes));
        const p = parseIpPacket(Buffer.from([first, ...bytes]));
        if (p) expect(p.payload.length).toBeLessThanOrEqual(bytes.length);
      }),
      { numRuns: 300 },
    );
  });
});
