import { fileURLToPath } from 'node:url';
import { GadgetryError, Type, commonFilterParams, defineEvent, defineGadget, type Static } from '@gadgetry/sdk';
import { ringBufferSize } from '@gadgetry/native-bpf';
import { eventSourceGadget } from '@gadgetry/shapes';
import { eventStruct } from './event.generated.js';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  connectOnly: Type.Boolean({ default: false, description: 'Show only connects (filtered in the kernel)' }),
  acceptOnly: Type.Boolean({ default: false, description: 'Show only accepts (filtered in the kernel)' }),
  failureOnly: Type.Boolean({ default: false, description: 'Show only failed connects and connections closed by an error (filtered in the kernel)' }),
  bufferKb: Type.Integer({ default: 1024, minimum: 4, maximum: 1048576, description: 'Ring buffer size in KiB (a power of two); raise it when events are lost' }),
  // --pid, --tid, --uid, --gid, --comm: of the socket's owner, in the kernel
  ...commonFilterParams,
});

// struct event in trace_tcp.h, generated from its BTF; the process fields are the socket owner's
const event = defineEvent(eventStruct, {
  pid: { description: 'Process that owns the socket (0: not known, e.g. closed before the gadget started)' },
  type: { width: 7, description: 'connect (with its outcome), accept, or close (this end shut the connection, or it broke)' },
  saddr: { kind: 'ip', width: 16, header: 'SADDR', description: 'Local address' },
  sport: { kind: 'port', width: 5, description: 'Local port' },
  daddr: { kind: 'ip', width: 16, header: 'DADDR', description: 'Remote address' },
  dport: { kind: 'port', width: 5, description: 'Remote port' },
  family: { kind: 'address_family', width: 6, hidden: true, description: 'Address family (AF_INET, AF_INET6)' },
  error: { kind: 'errno', width: 12, description: 'errno of a failed connect (ECONNREFUSED, ETIMEDOUT, ...) or of a broken connection (ECONNRESET); 0 when none' },
  netns: { width: 10, hidden: true, description: 'Network namespace inode number' },
  timestamp: { hidden: true, description: 'When it happened' },
});

export type TraceTcpEvent = Static<typeof event>;

export default defineGadget({
  name: 'trace_tcp',
  description: 'TCP connects, accepts and closes, with failed connects and their error',
  category: 'trace',
  type: 'trace',
  params,
  event,
  instantiate: () =>
    eventSourceGadget<Static<typeof params>, TraceTcpEvent>({
      name: 'trace_tcp',
      object: OBJECT,
      struct: 'event',
      schema: event,
      dropHint: 'raise --buffer-kb',
      inFlight: { calls: 'connects' },
      // tp_btf programs need 5.5, the socket-owner scan (iter/task_file) 5.8
      minKernel: '5.8',
      socketOwners: true,
      configure: (p) => {
        if (p.connectOnly && p.acceptOnly) {
          throw new GadgetryError('PARAM_INVALID', '--connect-only and --accept-only exclude each other: give one, or neither for both');
        }
        return {
          globals: { connect_only: p.connectOnly, accept_only: p.acceptOnly, failure_only: p.failureOnly },
          mapSizes: { events: ringBufferSize(p.bufferKb) },
        };
      },
    }),
});
