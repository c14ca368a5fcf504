import { fileURLToPath } from 'node:url';
import { Type, commonFilterParams, defineEvent, defineGadget, type Static } from '@gadgetry/sdk';
import { ringBufferSize } from '@gadgetry/native-bpf';
import { eventSourceGadget } from '@gadgetry/shapes';
import { eventStruct } from './event.generated.js';
import { escapePlaintext } from './plaintext.js';
import { sslTargets } from './sslTargets.js';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));
/** SSL_DATA_MAX in trace_ssl.h. */
const DATA_MAX = 256;

const params = Type.Object({
  binary: Type.String({
    default: '',
    description: 'The libssl (or program linking OpenSSL statically) to probe, an absolute path; default: the libssl each --pid maps, or the host\'s without --pid',
  }),
  dataSize: Type.Integer({ default: 64, minimum: 0, maximum: DATA_MAX, description: `Bytes of each call's plaintext to show (at most ${DATA_MAX}); 0: none` }),
  bufferKb: Type.Integer({ default: 1024, minimum: 4, maximum: 1048576, description: 'Ring buffer size in KiB (a power of two); raise it when events are lost' }),
  maxInFlight: Type.Integer({
    default: 10240,
    minimum: 1,
    maximum: 1048576,
    description: 'SSL calls the kernel side follows at once (entered, not yet returned); raise it when events are lost for it',
  }),
  ...commonFilterParams,
});

// struct event in trace_ssl.h, generated from its BTF
const event = defineEvent(eventStruct, {
  timestamp: { hidden: true, description: 'When the call was entered' },
  op: { computed: Type.String({ width: 5, header: 'OP', description: 'read (SSL_read, SSL_read_ex) or write (SSL_write, SSL_write_ex)' }) },
  opCode: { hidden: true, description: 'The call, as a number (0 read, 1 write)' },
  ex: { hidden: true, description: '1: the _ex form of the call' },
  latency: { int64: 'number', kind: 'duration', width: 9, description: 'Time from the call to its return' },
  len: { kind: 'bytes', width: 8, header: 'LEN', description: 'Plaintext bytes read or written' },
  captured: { hidden: true, description: 'Bytes of the plaintext copied (at most --data-size)' },
  buf: { hidden: true, description: 'The copied bytes as numbers, zero past captured' },
  data: {
    computed: Type.String({
      width: 40,
      description: 'The first --data-size bytes, printable ASCII as is, \\n \\r \\t \\\\ named, every other byte as \\xNN',
    }),
  },
});

export type TraceSslEvent = Static<typeof event>;

export default defineGadget({
  name: 'trace_ssl',
  description: 'Trace TLS plaintext read and written through OpenSSL (libssl): length and a bounded prefix',
  category: 'trace',
  type: 'trace',
  params,
  event,
  instantiate: () =>
    eventSourceGadget<Static<typeof params>, TraceSslEvent>({
      name: 'trace_ssl',
      object: OBJECT,
      struct: 'event',
      schema: event,
      dropHint: 'raise --buffer-kb',
      inFlight: { calls: 'SSL calls', hint: 'raise --max-in-flight' },
      configure: (p) => ({
        globals: { data_size: p.dataSize },
        mapSizes: { events: ringBufferSize(p.bufferKb), pending: p.maxInFlight },
        uprobes: sslTargets(p.binary, p.pid),
      }),
      complete: (e) => {
        e.op = e.opCode === 0 ? 'read' : 'write';
        e.data = escapePlaintext(e.buf, e.captured);
      },
    }),
});
