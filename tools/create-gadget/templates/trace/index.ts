import { fileURLToPath } from 'node:url';
import { Type, commonFilterParams, defineEvent, defineGadget, type Static } from '@gadgetry/sdk';
import { eventSourceGadget } from '@gadgetry/shapes';
import { eventStruct } from './event.generated.js';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  signal: Type.Integer({ default: 0, minimum: 0, maximum: 64, description: 'Only this signal number (0: all)' }),
  // --pid, --tid, --uid, --gid, --comm: applied in the kernel by gadget_should_discard_common()
  ...commonFilterParams,
});

// eventStruct is generated from struct event's BTF by the build (src/event.generated.ts):
// the process fields come with struct gadget_process. Add here what C cannot say;
// keys are the struct's fields, so a typo does not compile.
const event = defineEvent(eventStruct, {
  pid: { description: 'Sender process id' },
  comm: { description: 'Sender command' },
  targetPid: { kind: 'pid', width: 7, header: 'TPID', description: 'Target process id' },
  // kind signal: shown as SIGTERM (the number stays in the event, and in JSON as signalRaw)
  signal: { kind: 'signal', header: 'SIG', description: 'Signal sent' },
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
