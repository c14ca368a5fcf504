import { fileURLToPath } from 'node:url';
import { Type, commonFilterParams, defineEvent, defineGadget, type Static } from '@gadgetry/sdk';
import { ringBufferSize } from '@gadgetry/native-bpf';
import { eventSourceGadget } from '@gadgetry/shapes';
import { eventStruct } from './event.generated.js';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  unique: Type.Boolean({ default: false, description: 'Each process, capability and verdict once (deduplicated in the kernel, up to 10240 at a time)' }),
  denied: Type.Boolean({ default: false, description: 'Only checks that were denied (filtered in the kernel)' }),
  bufferKb: Type.Integer({ default: 1024, minimum: 4, maximum: 1048576, description: 'Ring buffer size in KiB (a power of two); raise it when events are lost' }),
  ...commonFilterParams,
});

// struct event in trace_capabilities.h, generated from its BTF; the process fields come with it
const event = defineEvent(eventStruct, {
  timestamp: { hidden: true, description: 'When the capability was checked' },
  targetUserns: { int64: 'number', hidden: true, description: 'Inode number of the user namespace the capability is checked in' },
  cap: { kind: 'capability', width: 22, header: 'CAP', description: 'Capability checked (CAP_* number)' },
  syscall: { kind: 'syscall', width: 16, description: 'Syscall the process was in (-1: none, e.g. a kernel thread)' },
  err: { kind: 'errno', hidden: true, description: '0 when allowed, EPERM when denied' },
  verdict: { computed: Type.String({ width: 7, description: 'allowed or denied' }) },
});

export type TraceCapabilitiesEvent = Static<typeof event>;

export default defineGadget({
  name: 'trace_capabilities',
  description: 'Trace capability checks with capability, syscall and verdict',
  category: 'trace',
  type: 'trace',
  params,
  event,
  instantiate: () =>
    eventSourceGadget<Static<typeof params>, TraceCapabilitiesEvent>({
      name: 'trace_caps',
      object: OBJECT,
      struct: 'event',
      schema: event,
      dropHint: 'raise --buffer-kb, or use --unique',
      configure: (p) => ({
        globals: { unique: p.unique, denied_only: p.denied },
        mapSizes: { events: ringBufferSize(p.bufferKb) },
      }),
      complete: (e) => {
        e.verdict = e.err === 0 ? 'allowed' : 'denied';
      },
    }),
});
