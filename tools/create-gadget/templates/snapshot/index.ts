import { fileURLToPath } from 'node:url';
import { Type, defineGadget, type Static } from '@gadgetry/sdk';
import { iteratorSnapshotGadget } from '@gadgetry/shapes';

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
