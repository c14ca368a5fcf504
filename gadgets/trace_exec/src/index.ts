import { fileURLToPath } from 'node:url';
import { Type, defineGadget, type Static } from '@gadgetry/sdk';
import { eventSourceGadget, ringBufferSize } from '@gadgetry/native-bpf';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  failed: Type.Boolean({ default: false, description: 'Also show execs that failed (ret < 0)' }),
  bufferKb: Type.Integer({ default: 8192, minimum: 4, description: 'Ring buffer size in KiB (a power of two); raise it when events are lost' }),
});

const event = Type.Object({
  timestamp: Type.Integer({ kind: 'timestamp', hidden: true, description: 'Nanoseconds since boot at execve() entry' }),
  mntnsId: Type.Integer({ kind: 'mntns', hidden: true, width: 11, description: 'Mount namespace id' }),
  pid: Type.Integer({ kind: 'pid', width: 7, description: 'Process id' }),
  tid: Type.Integer({ kind: 'tid', width: 7, hidden: true, description: 'Thread id' }),
  ppid: Type.Integer({ kind: 'ppid', width: 7, description: 'Parent process id' }),
  uid: Type.Integer({ kind: 'uid', width: 6, description: 'User id after the exec' }),
  gid: Type.Integer({ kind: 'gid', width: 6, hidden: true, description: 'Group id after the exec' }),
  comm: Type.String({ kind: 'comm', width: 16, description: 'Command name after the exec' }),
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
      configure: (p) => ({ globals: { ignore_failed: !p.failed }, mapSizes: { events: ringBufferSize(p.bufferKb) } }),
    }),
});
