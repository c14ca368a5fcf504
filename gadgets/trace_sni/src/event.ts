import { Type, int64, processFields, type Static } from '@gadgetry/sdk';

/** One TLS ClientHello that named a server, made in user space from the packet. */
export const event = Type.Object({
  ...processFields,
  pid: Type.Integer({ kind: 'pid', width: 7, description: 'Process that sent the ClientHello (0: not known, e.g. a connection that only passed through this namespace)' }),
  comm: Type.String({ kind: 'comm', width: 16, description: 'Command name of that process' }),
  mntnsId: int64(Type.Integer({ kind: 'mntns', hidden: true, width: 11, description: 'Mount namespace of that process; when it is not known, of a process in the network namespace' })),
  netns: Type.Integer({ width: 10, hidden: true, description: 'Network namespace inode number the packet was seen in' }),
  saddr: Type.Array(Type.Integer(), { kind: 'ip', width: 16, header: 'SADDR', description: 'Client address' }),
  sport: Type.Integer({ kind: 'port', width: 5, description: 'Client port' }),
  daddr: Type.Array(Type.Integer(), { kind: 'ip', width: 16, header: 'DADDR', description: 'Server address' }),
  dport: Type.Integer({ kind: 'port', width: 5, description: 'Server port' }),
  family: Type.Integer({ kind: 'address_family', width: 6, hidden: true, description: 'Address family (AF_INET, AF_INET6)' }),
  name: Type.String({ width: 32, description: 'Server name the client asked for (SNI)' }),
  version: Type.Integer({ width: 6, hidden: true, description: 'Version the ClientHello claims (0x0303: TLS 1.2, also for TLS 1.3 hellos)' }),
  timestamp: int64(Type.Integer({ kind: 'timestamp', hidden: true, description: 'When the packet was seen' })),
});

export type TraceSniEvent = Static<typeof event>;
