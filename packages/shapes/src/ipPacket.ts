/** The IP and transport headers of a packet, as gadget events carry them. */
export interface IpPacket {
  /** 4 or 6. */
  version: number;
  /** AF_INET (2) or AF_INET6 (10). */
  family: number;
  /** IPPROTO_UDP (17), IPPROTO_TCP (6). */
  proto: number;
  /** 16 bytes: IPv6, or IPv4 mapped into ::ffff:0:0/96 (the `ip` kind). */
  saddr: number[];
  daddr: number[];
  sport: number;
  dport: number;
  /** The transport payload, as far as the packet was captured. */
  payload: Buffer;
}

const AF_INET = 2;
const AF_INET6 = 10;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;

function mapped(b: Buffer, at: number): number[] {
  return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!];
}

/**
 * Reads a packet that starts at its IP header (a cooked packet socket's):
 * unfragmented IPv4, or IPv6 without extension headers, carrying UDP or TCP.
 * Anything else, or too short, is undefined; it never throws.
 */
export function parseIpPacket(data: Buffer): IpPacket | undefined {
  if (data.length < 1) return undefined;
  const version = data[0]! >> 4;
  let proto: number;
  let off: number;
  let saddr: number[];
  let daddr: number[];
  let end = data.length;
  if (version === 4) {
    off = (data[0]! & 0xf) * 4;
    if (off < 20 || data.length < off) return undefined;
    if (data.readUInt16BE(6) & 0x1fff) return undefined; // a later fragment
    proto = data[9]!;
    saddr = mapped(data, 12);
    daddr = mapped(data, 16);
    end = Math.min(end, data.readUInt16BE(2));
  } else if (version === 6) {
    off = 40;
    if (data.length < off) return undefined;
    proto = data[6]!;
    saddr = [...data.subarray(8, 24)];
    daddr = [...data.subarray(24, 40)];
    end = Math.min(end, 40 + data.readUInt16BE(4));
  } else {
    return undefined;
  }
  if ((proto !== IPPROTO_UDP && proto !== IPPROTO_TCP) || end < off + 8) return undefined;
  const sport = data.readUInt16BE(off);
  const dport = data.readUInt16BE(off + 2);
  let payload = off + 8;
  if (proto === IPPROTO_TCP) {
    if (end < off + 20) return undefined;
    payload = off + (data[off + 12]! >> 4) * 4;
    if (payload < off + 20 || payload > end) return undefined;
  }
  return { version, family: version === 4 ? AF_INET : AF_INET6, proto, saddr, daddr, sport, dport, payload: data.subarray(payload, end) };
}
