import { fileURLToPath } from 'node:url';
import { Type, defineGadget, type Static } from '@gadgetry/sdk';
import { eventSourceGadget } from '@gadgetry/shapes';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  signal: Type.Integer({ default: 0, minimum: 0, maximum: 64, description: 'Only this signal number (0: all)' }),
});

// Field names match the members of struct event (snake_case or camelCase).
const event = Type.Object({
  pid: Type.Integer({ kind: 'pid', width: 7, description: 'Sender process id' }),
  uid: Type.Integer({ kind: 'uid', width: 6, description: 'Sender user id' }),
  mntnsId: Type.Integer({ kind: 'mntns', hidden: true, description: 'Sender mount namespace' }),
  comm: Type.String({ kind: 'comm', width: 16, description: 'Sender command' }),
  targetPid: Type.Integer({ kind: 'pid', width: 7, header: 'TPID', description: 'Target process id' }),
  signal: Type.Integer({ kind: 'signal', width: 4, header: 'SIG', description: 'Signal number' }),
});

export type __PASCAL__Event = Static<typeof event>;

export default defineGadget({
  name: '__NAME__',
  description: '__DESCRIPTION__',
  category: '__CATEGORY__',
  type: 'trace',
  params,
  event,
  // eventSourceGadget implements the lifecycle of a ring buffer trace gadget:
  // load at start (params -> globals), stream batches, report drops, filter
  // containers in the kernel, release everything at close.
  instantiate: () =>
    eventSourceGadget<Static<typeof params>, __PASCAL__Event>({
      object: OBJECT,
      struct: 'event',
      schema: event,
      configure: (p) => ({ globals: { only_signal: p.signal } }),
    }),
});
