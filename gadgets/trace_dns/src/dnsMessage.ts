// A defensive reader of DNS messages (RFC 1035) as they travel in UDP
// datagrams: the header, the first question, and the A/AAAA addresses of
// the answers. Every read is bounds-checked; a message it cannot read is
// undefined, never an exception. Names follow compression pointers, each
// of which must point before the one it was read at (no loops), within a
// bounded number of jumps, labels and bytes.
import { formatIp } from '@gadgetry/kinds';

export interface DnsMessage {
  id: number;
  /** QR: a response (true) or a query. */
  response: boolean;
  opcode: number;
  /** RCODE of a response (0 NOERROR, 3 NXDOMAIN...). */
  rcode: number;
  /** The first question's name, without the trailing dot ("" for the root). */
  name: string;
  /** The first question's type (1 A, 28 AAAA...). */
  qtype: number;
  /** Addresses of the A and AAAA answers, as text, in the order given. */
  answers: string[];
  /** TC: the server cut the response (the client retries over TCP). */
  truncated: boolean;
}

const HEADER = 12;
const MAX_NAME = 255;
const MAX_JUMPS = 16;
const MAX_ANSWERS = 64;
const TYPE_A = 1;
const TYPE_AAAA = 28;

/** A label's bytes as text: letters, digits, '-', '_' and '*' as they are; anything else as \DDD (as dig writes them). */
function labelText(b: Buffer, from: number, len: number): string {
  let s = '';
  for (let i = from; i < from + len; i++) {
    const c = b[i]!;
    const plain = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x5f || c === 0x2a;
    s += plain ? String.fromCharCode(c) : `\\${String(c).padStart(3, '0')}`;
  }
  return s;
}

/** A name at `at`: its text and where the message goes on after it; undefined when malformed. */
export function readName(b: Buffer, at: number): { name: string; next: number } | undefined {
  const labels: string[] = [];
  let pos = at;
  let next = -1;
  let jumps = 0;
  let wire = 0;
  for (;;) {
    if (pos >= b.length) return undefined;
    const len = b[pos]!;
    if ((len & 0xc0) === 0xc0) {
      if (pos + 1 >= b.length || ++jumps > MAX_JUMPS) return undefined;
      const target = ((len & 0x3f) << 8) | b[pos + 1]!;
      if (next < 0) next = pos + 2;
      if (target >= pos) return undefined; // only backwards: no loops
      pos = target;
      continue;
    }
    if (len & 0xc0) return undefined; // 0x40, 0x80: extended label types, obsolete
    if (len === 0) {
      if (next < 0) next = pos + 1;
      return { name: labels.join('.'), next };
    }
    wire += len + 1;
    if (wire > MAX_NAME || pos + 1 + len > b.length) return undefined;
    labels.push(labelText(b, pos + 1, len));
    pos += 1 + len;
  }
}

/** Reads a DNS message from a UDP payload; undefined when it is not one. */
export function parseDnsMessage(b: Buffer): DnsMessage | undefined {
  if (b.length < HEADER) return undefined;
  const id = b.readUInt16BE(0);
  const flags = b.readUInt16BE(2);
  const qdcount = b.readUInt16BE(4);
  const ancount = b.readUInt16BE(6);
  if (qdcount < 1) return undefined;
  const q = readName(b, HEADER);
  if (!q || q.next + 4 > b.length) return undefined;
  const msg: DnsMessage = {
    id,
    response: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    rcode: flags & 0xf,
    name: q.name,
    qtype: b.readUInt16BE(q.next),
    answers: [],
    truncated: (flags & 0x0200) !== 0,
  };
  let pos = q.next + 4;
  // further questions (rare): skipped
  for (let i = 1; i < qdcount; i++) {
    const n = readName(b, pos);
    if (!n || n.next + 4 > b.length) return msg;
    pos = n.next + 4;
  }
  for (let i = 0; i < Math.min(ancount, MAX_ANSWERS); i++) {
    const n = readName(b, pos);
    if (!n || n.next + 10 > b.length) break;
    const type = b.readUInt16BE(n.next);
    const rdlength = b.readUInt16BE(n.next + 8);
    const rdata = n.next + 10;
    if (rdata + rdlength > b.length) break;
    if (type === TYPE_A && rdlength === 4) msg.answers.push(formatIp([...b.subarray(rdata, rdata + 4)]));
    else if (type === TYPE_AAAA && rdlength === 16) msg.answers.push(formatIp([...b.subarray(rdata, rdata + 16)]));
    pos = rdata + rdlength;
  }
  return msg;
}

const TYPES: Record<number, string> = {
  1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 13: 'HINFO', 15: 'MX', 16: 'TXT', 28: 'AAAA', 33: 'SRV', 35: 'NAPTR',
  41: 'OPT', 43: 'DS', 46: 'RRSIG', 47: 'NSEC', 48: 'DNSKEY', 52: 'TLSA', 64: 'SVCB', 65: 'HTTPS', 255: 'ANY', 257: 'CAA',
};
const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE'];

/** A query type by its mnemonic ("AAAA"), TYPEnnn for the others (RFC 3597). */
export function qtypeName(t: number): string {
  return TYPES[t] ?? `TYPE${t}`;
}

export function rcodeName(r: number): string {
  return RCODES[r] ?? `RCODE${r}`;
}
