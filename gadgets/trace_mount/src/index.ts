import { fileURLToPath } from 'node:url';
import { Type, commonFilterParams, defineEvent, defineGadget, type Static } from '@gadgetry/sdk';
import { ringBufferSize } from '@gadgetry/native-bpf';
import { eventSourceGadget, type OptionalPrograms } from '@gadgetry/shapes';
import { eventStruct } from './event.generated.js';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  failed: Type.Boolean({ default: false, description: 'Only calls that failed (filtered in the kernel)' }),
  bufferKb: Type.Integer({ default: 1024, minimum: 4, maximum: 1048576, description: 'Ring buffer size in KiB (a power of two); raise it when events are lost' }),
  maxInFlight: Type.Integer({
    default: 1024,
    minimum: 1,
    maximum: 65536,
    description: 'Mount calls the kernel side follows at once (entered, not yet returned); raise it when events are lost for it',
  }),
  ...commonFilterParams,
});

// struct event in trace_mount.h, generated from its BTF; the process fields come with it
const event = defineEvent(eventStruct, {
  timestamp: { hidden: true, description: 'When the call was entered' },
  syscall: { kind: 'syscall', width: 14, header: 'CALL', description: 'The call: mount, umount2, fsopen, fsconfig, fsmount, move_mount, open_tree, open_tree_attr, mount_setattr' },
  fd: { kind: 'fd', hidden: true, description: "The fd worked on: fsconfig's and fsmount's, move_mount's from, open_tree's and mount_setattr's dir (-1: none)" },
  source: { kind: 'path', width: 24, description: "mount's source; move_mount's and open_tree's path" },
  target: { kind: 'path', width: 24, description: "mount's, umount2's and mount_setattr's path; move_mount's destination" },
  fstype: { width: 8, description: 'File system type given to mount or fsopen' },
  flags: { int64: 'number', kind: 'mount_flags', width: 10, description: 'MS_* flags given to mount; empty when none (0), as for the other calls' },
  data: { width: 16, description: "mount's options; fsconfig's key, or key=value" },
  err: { kind: 'errno', width: 7, header: 'ERROR', description: 'errno of a failed call, 0 on success' },
  callFlags: {
    int64: 'number',
    hidden: true,
    description: "The other calls' flags: umount2 MNT_*, fsopen FSOPEN_*, fsmount MOUNT_ATTR_*, move_mount MOVE_MOUNT_*, open_tree OPEN_TREE_*/AT_*, mount_setattr AT_*; fsconfig's command",
  },
  ret: { int64: 'number', kind: 'retval', hidden: true, description: 'Return value: the new fd of fsopen, fsmount and open_tree; -errno on failure' },
});

export type TraceMountEvent = Static<typeof event>;

/** The entry and exit programs of a call that not every kernel has. */
const call = (name: string, since: string): OptionalPrograms => ({ programs: [`on_${name}`, `on_${name}_exit`], what: name, since });

export default defineGadget({
  name: 'trace_mount',
  description: 'Trace mount, umount and the new mount API calls with source, target, fstype, flags and errno',
  category: 'trace',
  type: 'trace',
  params,
  event,
  instantiate: () =>
    eventSourceGadget<Static<typeof params>, TraceMountEvent>({
      name: 'trace_mount',
      object: OBJECT,
      struct: 'event',
      schema: event,
      dropHint: 'raise --buffer-kb',
      inFlight: { calls: 'mount calls', hint: 'raise --max-in-flight' },
      // the mount API arrived in 5.2, mount_setattr in 5.12, open_tree_attr in 6.15
      optionalPrograms: [
        ...['fsopen', 'fsconfig', 'fsmount', 'move_mount', 'open_tree'].map((c) => call(c, '5.2')),
        call('mount_setattr', '5.12'),
        call('open_tree_attr', '6.15'),
      ],
      configure: (p) => ({
        globals: { failed_only: p.failed },
        mapSizes: { events: ringBufferSize(p.bufferKb), pending: p.maxInFlight },
      }),
    }),
});
