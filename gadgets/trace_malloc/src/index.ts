import { fileURLToPath } from 'node:url';
import { Type, commonFilterParams, defineEvent, defineGadget, type Static } from '@gadgetry/sdk';
import { ringBufferSize } from '@gadgetry/native-bpf';
import { eventSourceGadget } from '@gadgetry/shapes';
import { eventStruct } from './event.generated.js';
import { allocOp } from './allocOp.js';
import { uprobeTargets } from './uprobeTargets.js';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  binary: Type.String({
    default: '',
    description: 'The library or program to probe (absolute path); default: the C library each --pid maps, or the host\'s without --pid',
  }),
  bufferKb: Type.Integer({ default: 1024, minimum: 4, maximum: 1048576, description: 'Ring buffer size in KiB (a power of two); raise it when events are lost' }),
  maxInFlight: Type.Integer({
    default: 10240,
    minimum: 1,
    maximum: 1048576,
    description: 'Allocation calls the kernel side follows at once (entered, not yet returned); raise it when events are lost for it',
  }),
  ...commonFilterParams,
});

// struct event in trace_malloc.h, generated from its BTF
const event = defineEvent(eventStruct, {
  timestamp: { hidden: true, description: 'When the call was entered' },
  op: { computed: Type.String({ width: 7, header: 'OP', description: 'malloc, free, calloc or realloc' }) },
  opCode: { hidden: true, description: 'The function, as a number (0 malloc, 1 free, 2 calloc, 3 realloc)' },
  size: { int64: 'number', kind: 'bytes', width: 10, description: 'Bytes asked for (calloc: count times size); 0 for free' },
  address: { width: 15, description: 'The block returned (0: the call failed), or the one free was given' },
  oldAddress: { width: 15, header: 'OLDADDRESS', description: 'realloc: the block it was given; 0 otherwise' },
});

export type TraceMallocEvent = Static<typeof event>;

export default defineGadget({
  name: 'trace_malloc',
  description: 'Trace malloc, calloc, realloc and free calls of a C library: sizes and addresses',
  category: 'trace',
  type: 'trace',
  params,
  event,
  instantiate: () =>
    eventSourceGadget<Static<typeof params>, TraceMallocEvent>({
      name: 'trace_malloc',
      object: OBJECT,
      struct: 'event',
      schema: event,
      dropHint: 'raise --buffer-kb',
      inFlight: { calls: 'allocation calls', hint: 'raise --max-in-flight' },
      configure: (p) => ({
        mapSizes: { events: ringBufferSize(p.bufferKb), pending: p.maxInFlight },
        uprobes: uprobeTargets(p.binary, p.pid),
      }),
      complete: (e) => {
        e.op = allocOp(e.opCode);
      },
    }),
});
