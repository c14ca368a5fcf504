import { fileURLToPath } from 'node:url';
import { Type, commonFilterParams, defineEvent, defineGadget, type Static } from '@gadgetry/sdk';
import { mapIntervalGadget, tableIntervalParam } from '@gadgetry/shapes';
import { fileStatStruct } from './event.generated.js';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  interval: tableIntervalParam,
  allFiles: Type.Boolean({ default: false, description: 'Count sockets, pipes and devices too, not only regular files' }),
  ...commonFilterParams,
});

// struct file_stat in top_file.h, generated from its BTF. The counters are
// u64; per interval they stay far below 2^53, so they are read as numbers.
const event = defineEvent(fileStatStruct, {
  uid: { hidden: true },
  // with --metrics: per-interval counts add up to totals per process name and file
  reads: { int64: 'number', kind: 'count', width: 7, description: 'read-family calls in the interval', metric: { type: 'counter', name: 'reads', description: 'read-family calls', labels: ['comm', 'file', 'type'] } },
  writes: { int64: 'number', kind: 'count', width: 7, description: 'write-family calls in the interval', metric: { type: 'counter', name: 'writes', description: 'write-family calls', labels: ['comm', 'file', 'type'] } },
  rbytes: { int64: 'number', kind: 'bytes', width: 10, description: 'Bytes read in the interval', metric: { type: 'counter', name: 'read', unit: 'bytes', description: 'Bytes read', labels: ['comm', 'file', 'type'] } },
  wbytes: { int64: 'number', kind: 'bytes', width: 10, description: 'Bytes written in the interval', metric: { type: 'counter', name: 'written', unit: 'bytes', description: 'Bytes written', labels: ['comm', 'file', 'type'] } },
  type: { width: 4, description: 'R regular file, S socket, O other' },
  file: { kind: 'path', description: 'File name (last path component)' },
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
      configure: (p) => ({ globals: { regular_only: !p.allFiles }, intervalSeconds: p.interval }),
      inFlight: 'reads and writes',
      tableFull: { map: 'table_full', what: 'reads and writes of files' },
    }),
});
