import { fileURLToPath } from 'node:url';
import { Type, commonFilterParams, defineEvent, defineGadget, type Static } from '@gadgetry/sdk';
import { ringBufferSize } from '@gadgetry/native-bpf';
import { eventSourceGadget } from '@gadgetry/shapes';
import { eventStruct } from './event.generated.js';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  failed: Type.Boolean({ default: false, description: 'Also show execs that failed (ret < 0)' }),
  bufferKb: Type.Integer({ default: 8192, minimum: 4, maximum: 1048576, description: 'Ring buffer size in KiB (a power of two); raise it when events are lost' }),
  // each exec in flight holds a whole event (about 2.2 KiB with its arguments): 1024 is 2.2 MiB
  maxInFlight: Type.Integer({
    default: 1024,
    minimum: 1,
    maximum: 1048576,
    description: 'Execs the kernel side follows at once (entered, not yet returned); raise it when events are lost for it',
  }),
  ...commonFilterParams, // applied at exit: --comm and --uid match the new image, as shown
});

// struct event in trace_exec.h, generated from its BTF; uid, gid and comm are those after the exec
const event = defineEvent(eventStruct, {
  timestamp: { hidden: true, description: 'When execve() was entered' },
  retval: { kind: 'retval', width: 4, header: 'RET', description: 'execve() result: 0 or -errno' },
  argsCount: { omit: true },
  argsSize: { omit: true },
  args: { strings: true, sizeField: 'args_size', kind: 'text', description: 'Arguments (argv)' },
});

export type TraceExecEvent = Static<typeof event>;

export default defineGadget({
  name: 'trace_exec',
  description: 'Trace new processes (execve/execveat) with their arguments',
  category: 'trace',
  type: 'trace',
  params,
  event,
  instantiate: () =>
    eventSourceGadget<Static<typeof params>, TraceExecEvent>({
      name: 'trace_exec',
      object: OBJECT,
      struct: 'event',
      schema: event,
      dropHint: 'raise --buffer-kb',
      inFlight: { calls: 'execs', hint: 'raise --max-in-flight' },
      configure: (p) => ({ globals: { ignore_failed: !p.failed }, mapSizes: { events: ringBufferSize(p.bufferKb), pending: p.maxInFlight } }),
    }),
});
