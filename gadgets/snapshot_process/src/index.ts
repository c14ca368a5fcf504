import { fileURLToPath } from 'node:url';
import { Type, defineGadget, processFields, type MountNsFilter, type Static } from '@gadgetry/sdk';
import { Collection, createDecoder, decodeFixedRecords, prepareKernel } from '@gadgetry/native-bpf';

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
  instantiate() {
    let collection: Collection | undefined;
    let emit: (events: SnapshotProcessEvent[]) => void = () => {};
    let threads = false;
    let mntnsFilter: MountNsFilter | undefined;
    return {
      init(ctx) {
        threads = ctx.params.threads;
      },
      setEventHandlerArray(handler) {
        emit = handler;
      },
      setMountNsFilter(filter) {
        mntnsFilter = filter;
      },
      start() {
        prepareKernel();
        collection = Collection.load(OBJECT, { name: 'snapshot_proc', globals: { show_threads: threads }, mntnsFilter });
        const layout = collection.structLayout('process_record');
        const decode = createDecoder<SnapshotProcessEvent>(layout, event);
        emit(decodeFixedRecords(collection.attach('dump_processes').readIterator(), layout.size, decode));
      },
      close() {
        collection?.close();
      },
    };
  },
});
