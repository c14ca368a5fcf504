import { fileURLToPath } from 'node:url';
import { Type, defineGadget, type Static } from '@gadgetry/sdk';
import { IPPROTO_TCP, packetGadget, parseIpPacket } from '@gadgetry/shapes';
import { parseClientHello } from './clientHello.js';
import { event, type TraceSniEvent } from './event.js';

export type { TraceSniEvent } from './event.js';
export { parseClientHello, type ClientHello } from './clientHello.js';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  socketBufferKb: Type.Integer({ default: 1024, minimum: 16, maximum: 262144, description: 'Receive buffer of each packet socket in KiB; raise it when packets are lost' }),
});

type Params = Static<typeof params>;

export default defineGadget({
  name: 'trace_sni',
  description: 'Server names (SNI) of TLS ClientHellos in every network namespace, with the connection and its process',
  category: 'trace',
  type: 'trace',
  params,
  event,
  instantiate: () =>
    packetGadget<Params, TraceSniEvent>({
      name: 'trace_sni',
      object: OBJECT,
      program: 'sni_filter',
      minKernel: '5.8',
      dropHint: 'raise --socket-buffer-kb',
      configure: (p) => ({ snapLen: 4096, bufferBytes: p.socketBufferKb * 1024 }),
      events: (run) => ({
        packets(packets) {
          const out: TraceSniEvent[] = [];
          for (const p of packets) {
            const ip = parseIpPacket(p.data);
            if (!ip || ip.proto !== IPPROTO_TCP) continue;
            const hello = parseClientHello(ip.payload);
            if (!hello || hello.serverName === '') continue;
            const owner = run.ownerOf(p.netns, IPPROTO_TCP, ip.sport) ?? { pid: 0, tid: 0, ppid: 0, uid: 0, gid: 0, mntnsId: p.netnsMntns, comm: '' };
            out.push({
              ...owner,
              netns: p.netns,
              saddr: ip.saddr,
              sport: ip.sport,
              daddr: ip.daddr,
              dport: ip.dport,
              family: ip.family,
              name: hello.serverName,
              version: hello.version,
              timestamp: p.timestamp,
            });
          }
          return out;
        },
      }),
    }),
});
