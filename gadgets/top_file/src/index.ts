import { fileURLToPath } from 'node:url';
import { Type, defineGadget, processFields, type Static } from '@gadgetry/sdk';
import { mapIntervalGadget } from '@gadgetry/shapes';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  interval: Type.Number({ default: 1, minimum: 0.1, maximum: 2147483.647, description: 'Seconds between tables' }),
  allFiles: Type.Boolean({ default: false, description: 'Count sockets, pipes and devices too, not only regular files' }),
  pid: Type.Integer({ default: 0, minimum: 0, maximum: 4294967295, description: 'Count only this process id (0: every process)' }),
});

const event = Type.Object({
  pid: processFields.pid,
  tid: processFields.tid,
  uid: Type.Integer({ kind: 'uid', width: 6, hidden: true, description: 'User id' }),
  mntnsId: processFields.mntnsId,
  comm: processFields.comm,
  reads: Type.Integer({ kind: 'count', width: 7, description: 'read-family calls in the interval' }),
  writes: Type.Integer({ kind: 'count', width: 7, description: 'write-family calls in the interval' }),
  rbytes: Type.Integer({ kind: 'bytes', width: 10, description: 'Bytes read in the interval' }),
  wbytes: Type.Integer({ kind: 'bytes', width: 10, description: 'Bytes written in the interval' }),
  type: Type.String({ width: 4, description: 'R regular file, S socket, O other' }),
  file: Type.String({ kind: 'path', description: 'File name (last path component)' }),
});

export type TopFileEvent = Static<typeof event>;

export default defineGadget({
  name: 'top_file',
  description: 'Reads and writes per file and process, every interval',
  category: 'top',
  type: 'trace-intervals',
  params,
  event,
  defaultSort: ['-rbytes', '-wbytes', '-reads', '-writes'],
  instantiate: () =>
    mapIntervalGadget<Static<typeof params>, TopFileEvent>({
      name: 'top_file',
      object: OBJECT,
      map: 'stats',
      struct: 'file_stat',
      schema: event,
      configure: (p) => ({ globals: { regular_only: !p.allFiles, target_tgid: p.pid }, intervalSeconds: p.interval }),
      inFlight: 'reads and writes',
    }),
});
