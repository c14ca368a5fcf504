import { Type, int64, processFields, type Static } from '@gadgetry/sdk';

/** One DNS message (or a query that got none), made in user space from the packets. */
export const event = Type.Object({
  ...processFields,
  pid: Type.Integer({ kind: 'pid', width: 7, description: 'Process that sent the query (0: not known, e.g. a query that only passed through this namespace)' }),
  comm: Type.String({ kind: 'comm', width: 16, description: 'Command name of the process that sent the query' }),
  mntnsId: int64(Type.Integer({ kind: 'mntns', hidden: true, width: 11, description: 'Mount namespace of that process; when it is not known, of a process in the network namespace' })),
  netns: Type.Integer({ width: 10, hidden: true, description: 'Network namespace inode number the packet was seen in' }),
  type: Type.String({ width: 10, description: 'query, response, or unanswered (no response within --timeout-ms)' }),
  id: Type.Integer({ width: 5, description: 'DNS message id' }),
  qtype: Type.String({ width: 5, description: 'Query type (A, AAAA, MX, ...)' }),
  name: Type.String({ width: 32, description: 'Name asked for' }),
  rcode: Type.String({ width: 8, description: 'Response code (NOERROR, NXDOMAIN, SERVFAIL, ...); empty for queries' }),
  latency: int64(Type.Integer({ kind: 'duration', width: 8, description: 'Response: time since its query; unanswered: how long it waited (ns)' })),
  answers: Type.String({ width: 32, description: 'Addresses of the A and AAAA answers, comma-separated' }),
  saddr: Type.Array(Type.Integer(), { kind: 'ip', width: 16, hidden: true, description: 'Source address of the packet' }),
  sport: Type.Integer({ kind: 'port', width: 5, hidden: true, description: 'Source port' }),
  daddr: Type.Array(Type.Integer(), { kind: 'ip', width: 16, hidden: true, description: 'Destination address of the packet' }),
  dport: Type.Integer({ kind: 'port', width: 5, hidden: true, description: 'Destination port' }),
  family: Type.Integer({ kind: 'address_family', width: 6, hidden: true, description: 'Address family (AF_INET, AF_INET6)' }),
  timestamp: int64(Type.Integer({ kind: 'timestamp', hidden: true, description: 'When the packet was seen' })),
});

export type TraceDnsEvent = Static<typeof event>;
