import { fileURLToPath } from 'node:url';
import { Type, commonFilterParams, defineEvent, defineGadget, type Static } from '@gadgetry/sdk';
import { iteratorSnapshotGadget } from '@gadgetry/shapes';
import { recordStruct } from './event.generated.js';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

// --pid, --tid, --uid, --gid, --comm: applied in the kernel by gadget_should_discard_task()
const params = Type.Object({ ...commonFilterParams });

// recordStruct is generated from struct record's BTF by the build (src/event.generated.ts);
// its kind typedefs already say what each member is. Add here what C cannot say.
const event = defineEvent(recordStruct, {
  ppid: { description: 'Parent process id' },
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
  // iteratorSnapshotGadget implements the lifecycle of a one-shot iterator
  // gadget: at start, load (with the container filter when asked), run the
  // iterator once, emit every record as one table; release at close.
  instantiate: () =>
    iteratorSnapshotGadget<Static<typeof params>, __PASCAL__Event>({
      object: OBJECT,
      program: 'dump',
      struct: 'record',
      schema: event,
    }),
});
