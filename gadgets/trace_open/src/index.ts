import { fileURLToPath } from 'node:url';
import { Type, commonFilterParams, defineEvent, defineGadget, type Static } from '@gadgetry/sdk';
import { ringBufferSize } from '@gadgetry/native-bpf';
import { eventSourceGadget } from '@gadgetry/shapes';
import { eventStruct } from './event.generated.js';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  failed: Type.Boolean({ default: false, description: 'Show only failed opens (filtered in the kernel)' }),
  bufferKb: Type.Integer({ default: 8192, minimum: 4, maximum: 1048576, description: 'Ring buffer size in KiB (a power of two); raise it when events are lost' }),
  maxInFlight: Type.Integer({
    default: 10240,
    minimum: 1,
    maximum: 1048576,
    description: 'Opens the kernel side follows at once (entered, not yet returned); raise it when events are lost for it',
  }),
  ...commonFilterParams,
});

// struct event in trace_open.h, generated from its BTF; the process fields come with it.
// The event keeps the kernel's numbers; their kinds make the runtime show them readably
// (error: ENOENT, flags: O_WRONLY|O_CREAT, timestamp: wall-clock time), raw under <field>Raw.
const event = defineEvent(eventStruct, {
  timestamp: { hidden: true, description: 'When the open was entered' },
  fd: { kind: 'fd', width: 4, description: 'New file descriptor, or -1 on failure' },
  error: { kind: 'errno', description: 'errno of a failed open (ENOENT, EACCES, ...); empty on success' },
  flags: { kind: 'open_flags', hidden: true, description: 'open(2) flags' },
  mode: { kind: 'file_mode', hidden: true, description: 'Mode given with O_CREAT' },
  fname: { kind: 'path', header: 'PATH', description: 'File name as passed to open' },
});

export type TraceOpenEvent = Static<typeof event>;

export default defineGadget({
  name: 'trace_open',
  description: 'Trace open/openat/openat2 calls with file name, fd and errno',
  category: 'trace',
  type: 'trace',
  params,
  event,
  instantiate: () =>
    eventSourceGadget<Static<typeof params>, TraceOpenEvent>({
      name: 'trace_open',
      object: OBJECT,
      struct: 'event',
      schema: event,
      dropHint: 'raise --buffer-kb',
      inFlight: { calls: 'opens', hint: 'raise --max-in-flight' },
      // open(2) does not exist on arm64 and other newer architectures; openat2(2) arrived in Linux 5.6.
      optionalPrograms: [
        { programs: ['on_open', 'on_open_exit'], what: 'open' },
        { programs: ['on_openat2', 'on_openat2_exit'], what: 'openat2', since: '5.6' },
      ],
      configure: (p) => ({
        globals: { failed_only: p.failed },
        mapSizes: { events: ringBufferSize(p.bufferKb), pending: p.maxInFlight },
      }),
    }),
});
