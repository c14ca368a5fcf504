import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDnsMessage, readName } from './dnsMessage.js';

const label = (s: string) => [s.length, ...Buffer.from(s)];
const nameBytes = (n: string) => [...n.split('.').flatMap(label), 0];
const header = (id: number, flags: number, qd: number, an: number) => [id >> 8, id & 0xff, flags >> 8, flags & 0xff, 0, qd, 0, an, 0, 0, 0, 0];

/** A response to an A or AAAA question for `name`, its answers pointing back at the question's name. */
function response(id: number, name: string, qtype: number, addresses: number[][], rcode = 0): Buffer {
  const answers = addresses.flatMap((a) => [0xc0, 12, 0, a.length === 4 ? 1 : 28, 0, 1, 0, 0, 0, 60, 0, a.length, ...a]);
  return Buffer.from([...header(id, 0x8180 | rcode, 1, addresses.length), ...nameBytes(name), 0, qtype, 0, 1, ...answers]);
}

describe('DNS messages', () => {
  it('reads a query: id, name, type', () => {
    const q = Buffer.from([...header(0xbeef, 0x0100, 1, 0), ...nameBytes('www.example.test'), 0, 28, 0, 1]);
    expect(parseDnsMessage(q)).toEqual({ id: 0xbeef, response: false, opcode: 0, rcode: 0, name: 'www.example.test', qtype: 28, answers: [], truncated: false });
  });

  it('reads a response with compressed names: A and AAAA answers, the response code', () => {
    const v6 = [0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0), 1];
    expect(parseDnsMessage(response(7, 'a.b', 1, [[10, 1, 2, 3], v6]))).toMatchObject({ id: 7, response: true, name: 'a.b', answers: ['10.1.2.3', '2001:db8::1'] });
    expect(parseDnsMessage(response(8, 'nx.b', 1, [], 3))).toMatchObject({ rcode: 3, answers: [] });
  });

  it('refuses pointers that loop or point forward, and names longer than 255 bytes', () => {
    const self = Buffer.from([...header(1, 0, 1, 0), 0xc0, 12, 0, 1, 0, 1]);
    expect(readName(self, 12)).toBeUndefined();
    const forward = Buffer.from([...header(1, 0, 1, 0), 0xc0, 14, 1, 0x61, 0]);
    expect(readName(forward, 12)).toBeUndefined();
    const long = Buffer.from([...header(1, 0, 1, 0), ...nameBytes(Array(9).fill('x'.repeat(30)).join('.')), 0, 1, 0, 1]);
    expect(parseDnsMessage(long)).toBeUndefined();
    expect(parseDnsMessage(Buffer.alloc(11))).toBeUndefined();
  });

  it('writes bytes of labels that are not letters, digits or -_* as \\DDD', () => {
    const b = Buffer.from([...header(1, 0, 1, 0), 3, 0x61, 0x2e, 0x1b, 0, 0, 1, 0, 1]);
    expect(parseDnsMessage(b)?.name).toBe('a\\046\\027');
  });

  it('never throws on any bytes, nor on valid messages with bytes changed or cut', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        parseDnsMessage(Buffer.from(bytes));
      }),
      { numRuns: 300 },
    );
    const labelArb = fc.stringMatching(/^[a-z0-9-]{1,20}$/);
    fc.assert(
      fc.property(
        fc.array(labelArb, { minLength: 1, maxLength: 5 }),
        fc.array(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), { maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        fc.nat(),
        (labels, addresses, edits, cut) => {
          const msg = response(1, labels.join('.'), 1, addresses);
          expect(parseDnsMessage(msg)).toMatchObject({ name: labels.join('.'), answers: addresses.map((a) => a.join('.')) });
          for (const [at, v] of edits) msg[at % msg.length] = v;
          parseDnsMessage(msg.subarray(0, cut % (msg.length + 1)));
          parseDnsMessage(msg);
        },
      ),
      { numRuns: 300 },
    );
  });
});
