import { fileURLToPath } from 'node:url';
import { Type, commonFilterParams, defineEvent, defineGadget, type Static } from '@gadgetry/sdk';
import { ringBufferSize } from '@gadgetry/native-bpf';
import { eventSourceGadget } from '@gadgetry/shapes';
import { eventStruct } from './event.generated.js';
import { signalResult } from './signalResult.js';
import { signalNumber } from './signalNumber.js';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  signal: Type.String({ default: '', description: 'Only this signal, by name (USR1, SIGTERM) or number (filtered in the kernel); empty: every signal' }),
  failed: Type.Boolean({ default: false, description: 'Only sends that failed (filtered in the kernel)' }),
  bufferKb: Type.Integer({ default: 1024, minimum: 4, maximum: 1048576, description: 'Ring buffer size in KiB (a power of two); raise it when events are lost' }),
  maxInFlight: Type.Integer({
    default: 10240,
    minimum: 1,
    maximum: 1048576,
    description: 'kill() calls the kernel side follows at once (entered, not yet returned); raise it when events are lost for it',
  }),
  ...commonFilterParams, // of the sender
});

// struct event in trace_signal.h, generated from its BTF; the process fields are the sender's
const event = defineEvent(eventStruct, {
  pid: { description: 'Sender process id' },
  comm: { description: 'Sender command name' },
  timestamp: { hidden: true, description: 'When the signal was generated (of a failed call: when it was entered)' },
  targetPid: { kind: 'pid', width: 7, header: 'TPID', description: 'Target thread id; for a failed kill(), the pid it was given (0 for pidfd_send_signal)' },
  signal: { kind: 'signal', width: 9, header: 'SIGNAL', description: 'Signal number' },
  resultCode: { hidden: true, description: 'What became of the signal, as a number (0 delivered ... 5 failed)' },
  result: { computed: Type.String({ width: 9, description: 'delivered, ignored, pending (merged), overflow (queue full), lost_info, failed' }) },
  err: { kind: 'errno', width: 7, header: 'ERROR', description: 'errno of a failed send, 0 otherwise' },
  code: { hidden: true, description: 'si_code of the signal (0 SI_USER, -6 SI_TKILL, 128 SI_KERNEL, ...)' },
  toGroup: { hidden: true, description: 'Sent to the whole process rather than to one thread' },
  targetComm: { kind: 'comm', width: 16, header: 'TCOMM', description: 'Target command name (empty for a failed send)' },
});

export type TraceSignalEvent = Static<typeof event>;

export default defineGadget({
  name: 'trace_signal',
  description: 'Trace signals sent, with sender, target, signal and result',
  category: 'trace',
  type: 'trace',
  params,
  event,
  instantiate: () =>
    eventSourceGadget<Static<typeof params>, TraceSignalEvent>({
      name: 'trace_signal',
      object: OBJECT,
      struct: 'event',
      schema: event,
      dropHint: 'raise --buffer-kb',
      inFlight: { calls: 'kill() calls', hint: 'raise --max-in-flight' },
      configure: (p) => ({
        globals: { only_signal: signalNumber(p.signal), failed_only: p.failed },
        mapSizes: { events: ringBufferSize(p.bufferKb), pending: p.maxInFlight },
      }),
      complete: (e) => {
        e.result = signalResult(e.resultCode);
      },
    }),
});
