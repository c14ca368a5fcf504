import { fileURLToPath } from 'node:url';
import { Type, commonFilterParams, defineEvent, defineGadget, type Static } from '@gadgetry/sdk';
import { mapIntervalGadget } from '@gadgetry/shapes';
import { syscallStatStruct } from './event.generated.js';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  interval: Type.Number({ default: 1, minimum: 0.1, description: 'Seconds between tables' }),
  // --pid, --tid, --uid, --gid, --comm: applied in the kernel by gadget_should_discard_common()
  ...commonFilterParams,
});

// syscallStatStruct is generated from struct syscall_stat's BTF by the build
// (src/event.generated.ts). A plain __u64 is read as a BigInt (exact past 2^53);
// a count per interval stays far below, so it is read as a number.
const event = defineEvent(syscallStatStruct, {
  calls: { int64: 'number', kind: 'count', width: 9, description: 'System calls in the interval' },
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
