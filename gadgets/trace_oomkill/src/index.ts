import { fileURLToPath } from 'node:url';
import { Type, commonFilterParams, defineEvent, defineGadget, type Static } from '@gadgetry/sdk';
import { eventSourceGadget } from '@gadgetry/shapes';
import { eventStruct } from './event.generated.js';
import { pageShift } from './pageShift.js';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

// --pid, --uid, --comm...: of the victim
const params = Type.Object({ ...commonFilterParams });

// struct event in trace_oomkill.h, generated from its BTF; the process fields are the victim's
const event = defineEvent(eventStruct, {
  pid: { description: 'Process id of the victim' },
  tid: { description: 'Thread id of the victim' },
  ppid: { description: "Victim's parent process id (0 when read from the plain tracepoint)" },
  uid: { description: 'User id of the victim' },
  comm: { description: 'Command name of the victim' },
  mntnsId: { description: "Victim's mount namespace id: its container (0 when read from the plain tracepoint)" },
  timestamp: { hidden: true, description: 'When the kernel chose the process to kill' },
  totalVm: { int64: 'number', kind: 'bytes', width: 9, description: 'Virtual memory of the victim, in bytes' },
  anonRss: { int64: 'number', kind: 'bytes', width: 9, description: 'Resident anonymous memory of the victim, in bytes' },
  fileRss: { int64: 'number', kind: 'bytes', width: 9, hidden: true, description: 'Resident file-backed memory of the victim, in bytes' },
  shmemRss: { int64: 'number', kind: 'bytes', width: 9, hidden: true, description: 'Resident shared memory of the victim, in bytes' },
  pgtables: { int64: 'number', kind: 'bytes', width: 9, hidden: true, description: 'Page tables of the victim, in bytes' },
  oomScoreAdj: { hidden: true, description: 'oom_score_adj of the victim (-1000 to 1000)' },
  triggerPid: { width: 10, description: 'Process whose allocation set off the OOM killer' },
  triggerComm: { description: 'Command name of the process that set off the OOM killer' },
  fromTask: { hidden: true, description: "true: read from the victim's task (BTF tracepoint); false: from the plain tracepoint's record (no parent, gid or container)" },
});

export type TraceOomkillEvent = Static<typeof event>;

export default defineGadget({
  name: 'trace_oomkill',
  description: 'Trace processes killed by the OOM killer, with their memory and container',
  category: 'trace',
  type: 'trace',
  params,
  event,
  instantiate: () =>
    eventSourceGadget<Static<typeof params>, TraceOomkillEvent>({
      name: 'trace_oomkill',
      object: OBJECT,
      struct: 'event',
      schema: event,
      // mark_victim hands over the victim's task since 6.8 (a pid before): the plain tracepoint stands in where it cannot
      optionalPrograms: [
        { programs: ['on_mark_victim'], what: "the victim's task (container, parent, gid)", since: '6.8' },
        { programs: ['on_mark_victim_tp'], what: 'OOM kills', fallbackFor: 'on_mark_victim' },
      ],
      configure: () => ({ globals: { page_shift: pageShift() } }),
    }),
});
