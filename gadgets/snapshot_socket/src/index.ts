import { fileURLToPath } from 'node:url';
import { Type, commonFilterParams, defineEvent, defineGadget, type Static } from '@gadgetry/sdk';
import { iteratorSnapshotGadget } from '@gadgetry/shapes';
import { socketRecordStruct } from './event.generated.js';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

/** The iterator of each protocol. */
const PROGRAMS = { tcp: 'dump_tcp', udp: 'dump_udp', unix: 'dump_unix' } as const;

const params = Type.Object({
  proto: Type.Union([Type.Literal('all'), Type.Literal('tcp'), Type.Literal('udp'), Type.Literal('unix')], {
    default: 'all',
    description: 'Only sockets of this protocol (only its iterator runs)',
  }),
  // --pid, --tid, --uid, --gid, --comm: of the socket's owner, in the kernel
  ...commonFilterParams,
});

// AF_INET, AF_INET6: a unix socket has no IP address or port, shown as nothing
const IP_ONLY = { appliesWhen: { field: 'family', oneOf: [2, 10] } };

// struct socket_record in snapshot_socket.h, generated from its BTF; the process fields are the owner's
const event = defineEvent(socketRecordStruct, {
  pid: { description: 'Process that has the socket open (the lowest pid when several do; 0: none, e.g. time-wait)' },
  protocol: { kind: 'ip_proto', width: 5, header: 'PROTO', description: 'IPPROTO_TCP, IPPROTO_UDP; empty (0) for unix sockets' },
  state: { kind: 'tcp_state', width: 11, description: 'TCP state (UDP and unix sockets use the same numbers: 7 CLOSE, 1 ESTABLISHED, 10 LISTEN)' },
  saddr: { ...IP_ONLY, kind: 'ip', width: 16, header: 'LOCAL', description: 'Local address (empty for unix sockets)' },
  sport: { ...IP_ONLY, kind: 'port', width: 5, header: 'LPORT', description: 'Local port' },
  daddr: { ...IP_ONLY, kind: 'ip', width: 16, header: 'REMOTE', description: 'Remote address (empty for unix sockets)' },
  dport: { ...IP_ONLY, kind: 'port', width: 5, header: 'RPORT', description: 'Remote port' },
  family: { kind: 'address_family', width: 6, description: 'Address family: AF_INET, AF_INET6, AF_UNIX' },
  netns: { width: 10, description: 'Network namespace inode number' },
  inode: { width: 9, description: 'Inode number of the socket (as ss -e and /proc/net/tcp show it)' },
  type: { width: 4, hidden: true, description: 'Socket type: SOCK_STREAM 1, SOCK_DGRAM 2, SOCK_SEQPACKET 5' },
  path: { kind: 'path', description: 'Unix sockets: the bound path; an abstract name starts with @' },
});

export type SnapshotSocketEvent = Static<typeof event>;

export default defineGadget({
  name: 'snapshot_socket',
  description: 'List TCP, UDP and unix sockets with their addresses, state, inode and owning process',
  category: 'snapshot',
  type: 'one-shot',
  params,
  event,
  defaultSort: ['-family', 'protocol', 'sport'],
  instantiate: () =>
    iteratorSnapshotGadget<Static<typeof params>, SnapshotSocketEvent>({
      name: 'snapshot_sock',
      object: OBJECT,
      program: Object.values(PROGRAMS),
      struct: 'socket_record',
      schema: event,
      eachNetworkNamespace: true,
      socketOwners: true,
      // socket iterators arrived in 5.9 (tcp, udp) and 5.17 (unix)
      minKernel: '5.9',
      optionalPrograms: [{ programs: [PROGRAMS.unix], what: 'listing unix sockets', since: '5.17' }],
      configure: (p) => ({ programs: p.proto === 'all' ? Object.values(PROGRAMS) : [PROGRAMS[p.proto]] }),
    }),
});
