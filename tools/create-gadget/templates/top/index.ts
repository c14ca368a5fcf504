import { fileURLToPath } from 'node:url';
import { Type, defineGadget, type Static } from '@gadgetry/sdk';
import { mapIntervalGadget } from '@gadgetry/shapes';

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
  // mapIntervalGadget implements the lifecycle of an interval gadget: attach at
  // start, then every interval swap the counter tables, read and clear the old
  // one and emit it as one table (no count is lost or counted twice).
  instantiate: () =>
    mapIntervalGadget<Static<typeof params>, __PASCAL__Event>({
      object: OBJECT,
      map: 'stats',
      struct: 'syscall_stat',
      schema: event,
      configure: (p) => ({ intervalSeconds: p.interval }),
    }),
});
