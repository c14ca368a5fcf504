import { fileURLToPath } from 'node:url';
import { Type, defineGadget, type MountNsFilter, type Static } from '@gadgetry/sdk';
import { Collection, createDecoder, decodeFixedRecords, prepareKernel } from '@gadgetry/native-bpf';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({});

// Field names match the members of struct record (snake_case or camelCase).
const event = Type.Object({
  pid: Type.Integer({ kind: 'pid', width: 7, description: 'Process id' }),
  ppid: Type.Integer({ kind: 'ppid', width: 7, description: 'Parent process id' }),
  uid: Type.Integer({ kind: 'uid', width: 6, description: 'User id' }),
  mntnsId: Type.Integer({ kind: 'mntns', hidden: true, description: 'Mount namespace id' }),
  comm: Type.String({ kind: 'comm', description: 'Command name' }),
});

export type __PASCAL__Event = Static<typeof event>;

export default defineGadget({
  name: '__NAME__',
  description: '__DESCRIPTION__',
  category: '__CATEGORY__',
  type: 'one-shot',
  params,
  event,
  defaultSort: ['pid'],
  instantiate() {
    let collection: Collection | undefined;
    let emit: (rows: __PASCAL__Event[]) => void = () => {};
    let mntnsFilter: MountNsFilter | undefined;
    return {
      init() {},
      setEventHandlerArray(handler) {
        emit = handler;
      },
      setMountNsFilter(filter) {
        mntnsFilter = filter;
      },
      start() {
        prepareKernel();
        // mntnsFilter: when the user asked for containers, the kernel skips the rest
        collection = Collection.load(OBJECT, { mntnsFilter });
        const layout = collection.structLayout('record');
        const decode = createDecoder<__PASCAL__Event>(layout, event);
        emit(decodeFixedRecords(collection.attach('dump').readIterator(), layout.size, decode));
      },
      close() {
        collection?.close();
      },
    };
  },
});
