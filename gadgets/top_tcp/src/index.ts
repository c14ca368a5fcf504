import { fileURLToPath } from 'node:url';
import { Type, commonFilterParams, defineEvent, defineGadget, type Static } from '@gadgetry/sdk';
import { mapIntervalGadget, tableIntervalParam } from '@gadgetry/shapes';
import { connStatStruct } from './event.generated.js';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  interval: tableIntervalParam,
  // --pid, --tid, --uid, --gid, --comm: of the sending or receiving process, in the kernel
  ...commonFilterParams,
});

// struct conn_stat in top_tcp.h, generated from its BTF. The byte counts are
// u64; per interval they stay far below 2^53, so they are read as numbers.
const event = defineEvent(connStatStruct, {
  tid: { description: 'First thread seen sending or receiving in the interval' },
  saddr: { kind: 'ip', width: 16, header: 'SADDR', description: 'Local address' },
  sport: { kind: 'port', width: 5, description: 'Local port' },
  daddr: { kind: 'ip', width: 16, header: 'DADDR', description: 'Remote address' },
  dport: { kind: 'port', width: 5, description: 'Remote port' },
  family: { kind: 'address_family', width: 6, hidden: true, description: 'Address family (AF_INET, AF_INET6)' },
  netns: { width: 10, hidden: true, description: 'Network namespace inode number' },
  // with --metrics: totals per process name and remote end (the local port would make a series per connection)
  sent: { int64: 'number', kind: 'bytes', width: 10, description: 'Bytes sent in the interval', metric: { type: 'counter', name: 'sent', unit: 'bytes', description: 'Bytes sent over TCP', labels: ['comm', 'daddr', 'dport'] } },
  received: { int64: 'number', kind: 'bytes', width: 10, description: 'Bytes received in the interval', metric: { type: 'counter', name: 'received', unit: 'bytes', description: 'Bytes received over TCP', labels: ['comm', 'daddr', 'dport'] } },
});

export type TopTcpEvent = Static<typeof event>;

export default defineGadget({
  name: 'top_tcp',
  description: 'Bytes sent and received per process and TCP connection, every interval',
  category: 'top',
  type: 'trace-intervals',
  params,
  event,
  defaultSort: ['-sent', '-received'],
  instantiate: () =>
    mapIntervalGadget<Static<typeof params>, TopTcpEvent>({
      name: 'top_tcp',
      object: OBJECT,
      map: 'stats',
      struct: 'conn_stat',
      schema: event,
      // BTF tracepoints arrived in 5.5; the two this gadget needs in 6.3
      minKernel: '5.5',
      hooksAddedIn: { 'tp_btf/sock_send_length': '6.3', 'tp_btf/sock_recv_length': '6.3' },
      configure: (p) => ({ intervalSeconds: p.interval }),
    }),
});
