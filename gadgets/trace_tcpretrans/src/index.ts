import { fileURLToPath } from 'node:url';
import { Type, commonFilterParams, defineEvent, defineGadget, type Static } from '@gadgetry/sdk';
import { ringBufferSize } from '@gadgetry/native-bpf';
import { eventSourceGadget } from '@gadgetry/shapes';
import { eventStruct } from './event.generated.js';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  bufferKb: Type.Integer({ default: 1024, minimum: 4, maximum: 1048576, description: 'Ring buffer size in KiB (a power of two); raise it when events are lost' }),
  // --pid, --tid, --uid, --gid, --comm: of the socket's owner, in the kernel
  ...commonFilterParams,
});

// struct event in trace_tcpretrans.h, generated from its BTF; the process fields are the socket owner's
const event = defineEvent(eventStruct, {
  pid: { description: 'Process that owns the socket (0: not known, e.g. a socket its process already closed)' },
  type: { width: 7, description: 'RETRANS (a segment sent again) or SYNACK (a listener sending its SYN-ACK again)' },
  saddr: { kind: 'ip', width: 16, header: 'SADDR', description: 'Local address' },
  sport: { kind: 'port', width: 5, description: 'Local port' },
  daddr: { kind: 'ip', width: 16, header: 'DADDR', description: 'Remote address' },
  dport: { kind: 'port', width: 5, description: 'Remote port' },
  family: { kind: 'address_family', width: 6, hidden: true, description: 'Address family (AF_INET, AF_INET6)' },
  state: { kind: 'tcp_state', width: 11, description: 'TCP state of the connection (2 SYN_SENT, 12 NEW_SYN_RECV for a SYN-ACK, ...)' },
  netns: { width: 10, hidden: true, description: 'Network namespace inode number' },
  timestamp: { hidden: true, description: 'When the segment was retransmitted' },
});

export type TraceTcpretransEvent = Static<typeof event>;

export default defineGadget({
  name: 'trace_tcpretrans',
  description: 'TCP retransmissions, with the connection, its state and its owner',
  category: 'trace',
  type: 'trace',
  params,
  event,
  instantiate: () =>
    eventSourceGadget<Static<typeof params>, TraceTcpretransEvent>({
      name: 'tcpretrans',
      object: OBJECT,
      struct: 'event',
      schema: event,
      dropHint: 'raise --buffer-kb',
      // owners: tp_btf (5.5) and the task-file iterator (5.8)
      minKernel: '5.8',
      hooksAddedIn: { 'tracepoint/tcp/tcp_retransmit_skb': '4.15', 'tracepoint/tcp/tcp_retransmit_synack': '4.16' },
      socketOwners: true,
      configure: (p) => ({ mapSizes: { events: ringBufferSize(p.bufferKb) } }),
    }),
});
