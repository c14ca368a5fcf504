import { fileURLToPath } from 'node:url';
import { Type, commonFilterParams, defineEvent, defineGadget, type Static } from '@gadgetry/sdk';
import { mapIntervalGadget, tableIntervalParam } from '@gadgetry/shapes';
import { blockioStatStruct } from './event.generated.js';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  interval: tableIntervalParam,
  ...commonFilterParams,
});

// struct blockio_stat in top_blockio.h, generated from its BTF. The counters
// are u64; per interval they stay far below 2^53, so they are read as numbers.
const event = defineEvent(blockioStatStruct, {
  uid: { hidden: true },
  disk: { width: 8, description: 'Disk name (loop0, nvme0n1, vda)' },
  major: { hidden: true, description: 'Disk major number' },
  minor: { hidden: true, description: 'Disk minor number' },
  reads: { int64: 'number', kind: 'count', width: 6, description: 'Read requests completed in the interval' },
  writes: { int64: 'number', kind: 'count', width: 6, description: 'Write requests (writes, discards, zeroing) completed in the interval' },
  rbytes: { int64: 'number', kind: 'bytes', width: 10, description: 'Bytes read in the interval' },
  wbytes: { int64: 'number', kind: 'bytes', width: 10, description: 'Bytes written in the interval' },
  latencyNs: { int64: 'number', kind: 'duration', hidden: true, description: 'Time from start to completion, summed over the requests' },
  avgLatency: { computed: Type.Integer({ kind: 'duration', width: 9, header: 'AVG', description: 'Average time from start to completion of the requests' }) },
});

export type TopBlockioEvent = Static<typeof event>;

export default defineGadget({
  name: 'top_blockio',
  description: 'Block I/O per process and disk: reads, writes, bytes and average latency, every interval',
  category: 'top',
  type: 'trace-intervals',
  params,
  event,
  defaultSort: ['-rbytes', '-wbytes', '-reads', '-writes'],
  instantiate: () =>
    mapIntervalGadget<Static<typeof params>, TopBlockioEvent>({
      name: 'top_blockio',
      object: OBJECT,
      map: 'stats',
      struct: 'blockio_stat',
      schema: event,
      configure: (p) => ({ intervalSeconds: p.interval }),
      complete: (row) => {
        const requests = row.reads + row.writes;
        row.avgLatency = requests ? Math.round(row.latencyNs / requests) : 0;
      },
      inFlight: 'block I/O requests',
      // accounted-request tracepoints: the block layer has had them since 6.5
      hooksAddedIn: { on_io_start: '6.5', on_io_done: '6.5' },
    }),
});
