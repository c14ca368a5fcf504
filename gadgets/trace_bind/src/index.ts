import { fileURLToPath } from 'node:url';
import { Type, commonFilterParams, defineEvent, defineGadget, type Static } from '@gadgetry/sdk';
import { ringBufferSize } from '@gadgetry/native-bpf';
import { eventSourceGadget } from '@gadgetry/shapes';
import { eventStruct } from './event.generated.js';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  ignoreErrors: Type.Boolean({ default: false, description: 'Leave out binds that failed (filtered in the kernel)' }),
  bufferKb: Type.Integer({ default: 1024, minimum: 4, maximum: 1048576, description: 'Ring buffer size in KiB (a power of two); raise it when events are lost' }),
  maxInFlight: Type.Integer({
    default: 10240,
    minimum: 1,
    maximum: 1048576,
    description: 'bind() calls the kernel side follows at once (entered, not yet returned); raise it when events are lost for it',
  }),
  ...commonFilterParams,
});

// struct event in trace_bind.h, generated from its BTF; the process fields come with it
const event = defineEvent(eventStruct, {
  timestamp: { hidden: true, description: 'When bind() was entered' },
  addr: { kind: 'ip', width: 24, header: 'ADDRESS', description: 'Address asked for: IPv6, or IPv4 as ::ffff:a.b.c.d (zero for other families)' },
  port: { kind: 'port', width: 5, description: 'Port asked for (0: any; 0 for other families)' },
  family: { kind: 'address_family', width: 6, header: 'FAMILY', description: 'Address family given (AF_INET, AF_INET6, AF_UNIX, ...)' },
  proto: { kind: 'ip_proto', width: 5, header: 'PROTO', description: 'Protocol of the socket (IPPROTO_TCP, IPPROTO_UDP, ...; 0 when the fd is no socket)' },
  sockType: { hidden: true, description: 'Socket type (1 SOCK_STREAM, 2 SOCK_DGRAM, 3 SOCK_RAW, ...)' },
  fd: { kind: 'fd', width: 4, hidden: true, description: 'Socket file descriptor' },
  err: { kind: 'errno', width: 10, header: 'ERROR', description: 'errno of a failed bind, 0 on success' },
});

export type TraceBindEvent = Static<typeof event>;

export default defineGadget({
  name: 'trace_bind',
  description: 'Trace bind() calls with address, port, protocol and errno',
  category: 'trace',
  type: 'trace',
  params,
  event,
  instantiate: () =>
    eventSourceGadget<Static<typeof params>, TraceBindEvent>({
      name: 'trace_bind',
      object: OBJECT,
      struct: 'event',
      schema: event,
      dropHint: 'raise --buffer-kb',
      inFlight: { calls: 'binds', hint: 'raise --max-in-flight' },
      configure: (p) => ({
        globals: { ignore_errors: p.ignoreErrors },
        mapSizes: { events: ringBufferSize(p.bufferKb), pending: p.maxInFlight },
      }),
    }),
});
