import type { Collection } from '@gadgetry/native-bpf';

/** The map of <gadgetry/packet.h>: (netns, local port, protocol) -> the task that sent from it. */
export const PACKET_OWNER_MAP = 'gadget_packet_owners';

/** A process as struct gadget_process holds it. */
export interface PacketOwner {
  pid: number;
  tid: number;
  ppid: number;
  uid: number;
  gid: number;
  mntnsId: number;
  comm: string;
}

const VALUE_SIZE = 48; // struct gadget_process

/** The sender remembered for a local port of a network namespace, or undefined. */
export function packetOwner(collection: Collection, netns: number, proto: number, port: number): PacketOwner | undefined {
  const map = collection.maps.get(PACKET_OWNER_MAP);
  if (!map || map.valueSize !== VALUE_SIZE || collection.closed) return undefined;
  const key = Buffer.alloc(8);
  key.writeUInt32LE(netns >>> 0, 0);
  key.writeUInt16LE(port, 4);
  key.writeUInt8(proto, 6);
  const v = map.lookup(key);
  if (!v) return undefined;
  const comm = v.subarray(32, 48);
  const nul = comm.indexOf(0);
  return {
    pid: v.readUInt32LE(0),
    tid: v.readUInt32LE(4),
    ppid: v.readUInt32LE(8),
    uid: v.readUInt32LE(12),
    gid: v.readUInt32LE(16),
    mntnsId: Number(v.readBigUInt64LE(24)),
    comm: comm.subarray(0, nul < 0 ? 16 : nul).toString('utf8'),
  };
}
