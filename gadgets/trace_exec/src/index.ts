import { fileURLToPath } from 'node:url';
import { Type, defineGadget, processFields, type Static } from '@gadgetry/sdk';
import { ringBufferSize } from '@gadgetry/native-bpf';
import { eventSourceGadget } from '@gadgetry/shapes';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  failed: Type.Boolean({ default: false, description: 'Also show execs that failed (ret < 0)' }),
  bufferKb: Type.Integer({ default: 8192, minimum: 4, maximum: 1048576, description: 'Ring buffer size in KiB (a power of two); raise it when events are lost' }),
});

const event = Type.Object({
  timestamp: Type.Integer({ kind: 'timestamp', hidden: true, description: 'Nanoseconds since boot at execve() entry' }),
  ...processFields, // uid, gid and comm are those after the exec
  retval: Type.Integer({ kind: 'retval', width: 4, header: 'RET', description: 'execve() result: 0 or -errno' }),
  args: Type.Array(Type.String(), { kind: 'text', sizeField: 'args_size', description: 'Arguments (argv)' }),
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
      inFlight: { calls: 'execs' },
      configure: (p) => ({ globals: { ignore_failed: !p.failed }, mapSizes: { events: ringBufferSize(p.bufferKb) } }),
    }),
});
