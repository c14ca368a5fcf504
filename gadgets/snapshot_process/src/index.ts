import { fileURLToPath } from 'node:url';
import { Type, defineGadget, processFields, type Static } from '@gadgetry/sdk';
import { iteratorSnapshotGadget } from '@gadgetry/shapes';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  threads: Type.Boolean({ default: false, description: 'One row per thread instead of per process' }),
});

const event = Type.Object({
  pid: processFields.pid,
  tid: processFields.tid,
  ppid: processFields.ppid,
  uid: processFields.uid,
  gid: processFields.gid,
  threads: Type.Integer({ kind: 'count', width: 7, description: 'Threads in the process' }),
  mntnsId: processFields.mntnsId,
  startTime: Type.Integer({ kind: 'timestamp', hidden: true, description: 'Start time, nanoseconds since boot' }),
  comm: Type.String({ kind: 'comm', description: 'Command name' }),
});

export type SnapshotProcessEvent = Static<typeof event>;

export default defineGadget({
  name: 'snapshot_process',
  description: 'List every process (or thread) on the host, read with a BPF task iterator',
  category: 'snapshot',
  type: 'one-shot',
  params,
  event,
  defaultSort: ['pid'],
  instantiate: () =>
    iteratorSnapshotGadget<Static<typeof params>, SnapshotProcessEvent>({
      name: 'snapshot_proc',
      object: OBJECT,
      program: 'dump_processes',
      struct: 'process_record',
      schema: event,
      configure: (p) => ({ globals: { show_threads: p.threads } }),
    }),
});
