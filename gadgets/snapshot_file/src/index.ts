import { fileURLToPath } from 'node:url';
import { Type, commonFilterParams, defineEvent, defineGadget, type Static } from '@gadgetry/sdk';
import { iteratorSnapshotGadget } from '@gadgetry/shapes';
import { fileRecordStruct } from './event.generated.js';
import { fileType } from './fileType.js';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

// --pid, --tid, --uid, --gid, --comm: of the processes listed, applied in the kernel
const params = Type.Object({ ...commonFilterParams });

// struct file_record in snapshot_file.h, generated from its BTF; the process fields are the holder's
const event = defineEvent(fileRecordStruct, {
  ino: { int64: 'number', hidden: true, description: 'Inode number' },
  pos: { int64: 'number', hidden: true, description: 'File position' },
  fd: { kind: 'fd', width: 4, description: 'File descriptor' },
  mode: { kind: 'file_mode', width: 10, hidden: true, description: "The inode's mode: type and permission bits (no type bits: an anon inode)" },
  type: { computed: Type.String({ width: 10, description: 'regular, dir, socket, pipe, char, block, symlink, anon_inode' }) },
  flags: { kind: 'open_flags', width: 8, hidden: true, description: 'open(2) flags of the open file (O_CLOEXEC belongs to the fd and is not among them)' },
  path: { kind: 'path', description: 'Path, as /proc/PID/fd shows it: /etc/passwd, socket:[1234], pipe:[5678], anon_inode:[eventfd]' },
});

export type SnapshotFileEvent = Static<typeof event>;

export default defineGadget({
  name: 'snapshot_file',
  description: 'List open files of every process with fd, path and type, read with a BPF task_file iterator',
  category: 'snapshot',
  type: 'one-shot',
  params,
  event,
  defaultSort: ['pid', 'fd'],
  instantiate: () =>
    iteratorSnapshotGadget<Static<typeof params>, SnapshotFileEvent>({
      name: 'snapshot_file',
      object: OBJECT,
      program: 'dump_files',
      struct: 'file_record',
      schema: event,
      complete: (r) => {
        r.type = fileType(r.mode);
      },
    }),
});
