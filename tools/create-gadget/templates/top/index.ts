import { fileURLToPath } from 'node:url';
import { Type, defineGadget, type MountNsFilter, type Static } from '@gadgetry/sdk';
import { Collection, createDecoder, prepareKernel } from '@gadgetry/native-bpf';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  interval: Type.Number({ default: 1, minimum: 0.1, description: 'Seconds between tables' }),
});

// Field names match the members of struct syscall_stat (snake_case or camelCase).
const event = Type.Object({
  pid: Type.Integer({ kind: 'pid', width: 7, description: 'Process id' }),
  uid: Type.Integer({ kind: 'uid', width: 6, description: 'User id' }),
  mntnsId: Type.Integer({ kind: 'mntns', hidden: true, description: 'Mount namespace id' }),
  comm: Type.String({ kind: 'comm', width: 16, description: 'Command name' }),
  calls: Type.Integer({ kind: 'count', width: 9, description: 'System calls in the interval' }),
});

export type __PASCAL__Event = Static<typeof event>;

export default defineGadget({
  name: '__NAME__',
  description: '__DESCRIPTION__',
  category: '__CATEGORY__',
  type: 'trace-intervals',
  params,
  event,
  defaultSort: ['-calls'],
  instantiate() {
    let collection: Collection | undefined;
    let timer: NodeJS.Timeout | undefined;
    let emit: (rows: __PASCAL__Event[]) => void = () => {};
    let interval = 1;
    let mntnsFilter: MountNsFilter | undefined;
    return {
      init(ctx) {
        interval = ctx.params.interval;
      },
      setEventHandlerArray(handler) {
        emit = handler;
      },
      setMountNsFilter(filter) {
        mntnsFilter = filter;
      },
      start() {
        prepareKernel();
        const c = Collection.load(OBJECT, { mntnsFilter });
        collection = c;
        const decode = createDecoder<__PASCAL__Event>(c.structLayout('syscall_stat'), event);
        const stats = c.map('stats');
        c.attachAll();
        // Each table covers one interval: read the counters, then clear them.
        timer = setInterval(() => {
          const entries = stats.entries();
          for (const [key] of entries) stats.delete(key);
          emit(entries.map(([, value]) => decode(value, 0)));
        }, interval * 1000);
      },
      stop() {
        clearInterval(timer);
        collection?.detachAll();
      },
      close() {
        collection?.close();
      },
    };
  },
});
