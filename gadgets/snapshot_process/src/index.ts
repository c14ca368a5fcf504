import { fileURLToPath } from 'node:url';
import { Type, commonFilterParams, defineEvent, defineGadget, type Static } from '@gadgetry/sdk';
import { iteratorSnapshotGadget } from '@gadgetry/shapes';
import { processRecordStruct } from './event.generated.js';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  threads: Type.Boolean({ default: false, description: 'One row per thread instead of per process' }),
  ...commonFilterParams, // of the tasks listed
});

// struct process_record in snapshot_process.h, generated from its BTF
const event = defineEvent(processRecordStruct, {
  threads: { kind: 'count', width: 7, description: 'Threads in the process' },
  startTime: { hidden: true, description: 'When the process started' },
  comm: { kind: 'comm', description: 'Command name' },
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
