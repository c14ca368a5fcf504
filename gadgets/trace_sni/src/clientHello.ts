// A defensive reader of the server name (SNI, RFC 6066) in a TLS ClientHello
// as it starts a TCP segment's payload: every length is checked against the
// record, the handshake message and the bytes captured; anything it cannot
// read is undefined, never an exception. A ClientHello spread over several
// segments is read as far as the first one goes.

export interface ClientHello {
  /** The version the record layer and the hello claim (0x0303 for TLS 1.2 and 1.3 hellos). */
  version: number;
  /** The host name asked for ("" when the hello names none). */
  serverName: string;
}

const HANDSHAKE = 0x16;
const CLIENT_HELLO = 0x01;
const EXT_SERVER_NAME = 0;
const HOST_NAME = 0;
const MAX_NAME = 255;

/** A host name's bytes as text: letters, digits and -._* as they are; anything else as \DDD. */
function hostText(b: Buffer): string {
  let s = '';
  for (const c of b) {
    const plain = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x2e || c === 0x5f || c === 0x2a;
    s += plain ? String.fromCharCode(c) : `\\${String(c).padStart(3, '0')}`;
  }
  return s;
}

/** A bounded cursor: every read past `end` makes the whole parse fail. */
class Cursor {
  constructor(
    readonly b: Buffer,
    public at: number,
    readonly end: number,
  ) {}
  has(n: number): boolean {
    return this.at + n <= this.end;
  }
  u8(): number | undefined {
    return this.has(1) ? this.b[this.at++] : undefined;
  }
  u16(): number | undefined {
    if (!this.has(2)) return undefined;
    const v = this.b.readUInt16BE(this.at);
    this.at += 2;
    return v;
  }
  skip(n: number | undefined): boolean {
    if (n === undefined || !this.has(n)) return false;
    this.at += n;
    return true;
  }
}

/** The server name in the extensions from `c.at` on; "" when there is none, undefined when they are malformed. */
function serverName(c: Cursor): string | undefined {
  const total = c.u16();
  if (total === undefined) return '';
  const end = Math.min(c.end, c.at + total); // a hello cut by the segment is read as far as it goes
  const ext = new Cursor(c.b, c.at, end);
  while (ext.has(4)) {
    const type = ext.u16()!;
    const len = ext.u16()!;
    if (type !== EXT_SERVER_NAME) {
      if (!ext.skip(len)) return '';
      continue;
    }
    const list = new Cursor(c.b, ext.at, Math.min(end, ext.at + len));
    const listLen = list.u16();
    if (listLen === undefined) return undefined;
    while (list.has(3)) {
      const nameType = list.u8()!;
      const nameLen = list.u16()!;
      if (!list.has(nameLen)) return undefined;
      if (nameType === HOST_NAME) {
        if (nameLen === 0 || nameLen > MAX_NAME) return undefined;
        return hostText(c.b.subarray(list.at, list.at + nameLen));
      }
      list.skip(nameLen);
    }
    return '';
  }
  return '';
}

/** Reads a ClientHello at the start of `payload`; undefined when it is not one, or is malformed. */
export function parseClientHello(payload: Buffer): ClientHello | undefined {
  const rec = new Cursor(payload, 0, payload.length);
  if (rec.u8() !== HANDSHAKE) return undefined;
  const recordVersion = rec.u16();
  const recordLength = rec.u16();
  if (recordVersion === undefined || recordVersion >> 8 !== 3 || recordLength === undefined) return undefined;
  const c = new Cursor(payload, rec.at, Math.min(payload.length, rec.at + recordLength));
  if (c.u8() !== CLIENT_HELLO) return undefined;
  if (!c.skip(3)) return undefined; // handshake length: the record bounds the read
  const version = c.u16();
  if (version === undefined || !c.skip(32)) return undefined; // random
  if (!c.skip(c.u8())) return undefined; // session id
  if (!c.skip(c.u16())) return undefined; // cipher suites
  if (!c.skip(c.u8())) return undefined; // compression methods
  const name = serverName(c);
  return name === undefined ? undefined : { version, serverName: name };
}
