import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseClientHello } from './clientHello.js';

const u16 = (n: number) => [n >> 8, n & 0xff];
const u24 = (n: number) => [n >> 16, (n >> 8) & 0xff, n & 0xff];

/** A TLS 1.2-style ClientHello record with the given extensions (type, data) in order. */
function hello(extensions: [number, number[]][]): Buffer {
  const ext = extensions.flatMap(([t, d]) => [...u16(t), ...u16(d.length), ...d]);
  const body = [3, 3, ...new Array(32).fill(7), 0, ...u16(4), 0x13, 0x01, 0xc0, 0x2f, 1, 0, ...u16(ext.length), ...ext];
  const hs = [1, ...u24(body.length), ...body];
  return Buffer.from([0x16, 3, 1, ...u16(hs.length), ...hs]);
}
const sni = (name: string): [number, number[]] => {
  const n = [...Buffer.from(name)];
  return [0, [...u16(n.length + 3), 0, ...u16(n.length), ...n]];
};

describe('TLS ClientHello', () => {
  it('reads the server name wherever it is among the extensions', () => {
    expect(parseClientHello(hello([sni('example.test')]))).toEqual({ version: 0x0303, serverName: 'example.test' });
    expect(parseClientHello(hello([[10, [0, 2, 0, 29]], [16, [0, 3, 2, 0x68, 0x32]], sni('a.example.test')]))?.serverName).toBe('a.example.test');
    expect(parseClientHello(hello([[10, [0, 2, 0, 29]]]))).toEqual({ version: 0x0303, serverName: '' });
  });

  it('is not fooled by other records, handshakes, or lengths past the end; writes odd bytes as \\DDD', () => {
    const h = hello([sni('example.test')]);
    expect(parseClientHello(Buffer.from([0x17, ...h.subarray(1)]))).toBeUndefined(); // application data
    const serverHello = Buffer.from(h);
    serverHello[5] = 2;
    expect(parseClientHello(serverHello)).toBeUndefined();
    expect(parseClientHello(h.subarray(0, 20))).toBeUndefined();
    expect(parseClientHello(hello([sni('a\u001b[2Jb')]))?.serverName).toBe('a\\027\\0912Jb');
    const overlong = hello([[0, [0, 20, 0, 0, 18, 0x61]]]); // the name claims 18 bytes, 1 follows
    expect(parseClientHello(overlong)).toBeUndefined();
  });

  it('never throws on any bytes, nor on ClientHellos with bytes changed or cut', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        parseClientHello(Buffer.from(bytes));
        parseClientHello(Buffer.from([0x16, 3, 1, ...bytes]));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9-]{1,20}(\.[a-z0-9-]{1,20}){0,3}$/),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 60 }), fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 })), { maxLength: 5 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        fc.nat(),
        (name, others, edits, cut) => {
          const h = hello([...others, sni(name)]);
          expect(parseClientHello(h)?.serverName).toBe(name);
          for (const [at, v] of edits) h[at % h.length] = v;
          parseClientHello(h.subarray(0, cut % (h.length + 1)));
          parseClientHello(h);
        },
      ),
      { numRuns: 300 },
    );
  });
});
