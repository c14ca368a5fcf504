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

// struct event in trace_tcpdrop.h, generated from its BTF; the process fields are the socket owner's
const event = defineEvent(eventStruct, {
  pid: { description: 'Process that owns the socket (0: no socket, e.g. a packet to a closed port, or its owner is not known)' },
  type: { width: 5, description: 'DROP (a packet the kernel freed without delivering or sending it) or RESET (a reset the kernel sent)' },
  saddr: { kind: 'ip', width: 16, header: 'SADDR', description: 'Source address of the dropped packet; of a reset, the address it is sent from' },
  sport: { kind: 'port', width: 5, description: 'Source port' },
  daddr: { kind: 'ip', width: 16, header: 'DADDR', description: 'Destination address' },
  dport: { kind: 'port', width: 5, description: 'Destination port' },
  family: { kind: 'address_family', width: 6, hidden: true, description: 'Address family (AF_INET, AF_INET6)' },
  reason: { kind: 'drop_reason', width: 14, description: 'Why the kernel dropped it: a value of its enum skb_drop_reason; empty for a reset, which is no drop (0)' },
  state: { kind: 'tcp_state', width: 11, description: 'TCP state of the socket; empty without one (0)' },
  netns: { width: 10, hidden: true, description: 'Network namespace inode number' },
  tcpflags: { width: 5, hidden: true, header: 'FLAGS', description: 'TCP flags of the dropped segment (FIN 1, SYN 2, RST 4, PSH 8, ACK 16)' },
  timestamp: { hidden: true, description: 'When the packet was dropped or the reset sent' },
});

export type TraceTcpdropEvent = Static<typeof event>;

export default defineGadget({
  name: 'trace_tcpdrop',
  description: 'TCP packets the kernel drops, with the drop reason, and the resets it sends',
  category: 'trace',
  type: 'trace',
  params,
  event,
  instantiate: () =>
    eventSourceGadget<Static<typeof params>, TraceTcpdropEvent>({
      name: 'tcpdrop',
      object: OBJECT,
      struct: 'event',
      schema: event,
      dropHint: 'raise --buffer-kb',
      // kfree_skb gives a drop reason since 5.17
      minKernel: '5.17',
      hooksAddedIn: { 'tp_btf/tcp_send_reset': '4.15' },
      socketOwners: true,
      configure: (p) => ({ mapSizes: { events: ringBufferSize(p.bufferKb) } }),
    }),
});
