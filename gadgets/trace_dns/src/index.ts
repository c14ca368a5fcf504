import { fileURLToPath } from 'node:url';
import { Type, defineGadget, type Static } from '@gadgetry/sdk';
import { IPPROTO_UDP, packetGadget, parseIpPacket } from '@gadgetry/shapes';
import { parseDnsMessage } from './dnsMessage.js';
import { nameMatches, parseNames, parsePorts, MAX_PORTS } from './dnsParams.js';
import { DnsTransactions } from './dnsTransactions.js';
import { event, type TraceDnsEvent } from './event.js';

export type { TraceDnsEvent } from './event.js';
export { parseDnsMessage, readName, qtypeName, rcodeName, type DnsMessage } from './dnsMessage.js';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  name: Type.String({ default: '', description: 'Only queries for these names and their subdomains (comma-separated, e.g. example.com); empty: every name' }),
  ports: Type.String({ default: '53', description: 'UDP ports DNS servers answer on (comma-separated, up to 8), filtered in the kernel' }),
  timeoutMs: Type.Integer({ default: 5000, minimum: 1, maximum: 600000, description: 'A query with no response after this many ms is reported unanswered' }),
  socketBufferKb: Type.Integer({ default: 1024, minimum: 16, maximum: 262144, description: 'Receive buffer of each packet socket in KiB; raise it when packets are lost' }),
});

type Params = Static<typeof params>;

export default defineGadget({
  name: 'trace_dns',
  description: 'DNS queries and responses (name, type, answers, latency) in every network namespace, with unanswered queries',
  category: 'trace',
  type: 'trace',
  params,
  event,
  instantiate: () =>
    packetGadget<Params, TraceDnsEvent>({
      name: 'trace_dns',
      object: OBJECT,
      program: 'dns_filter',
      // socket filters on packet sockets, bpf_get_current_task in them (4.x); LRU maps
      minKernel: '5.8',
      dropHint: 'raise --socket-buffer-kb',
      configure: (p) => {
        const ports = parsePorts(p.ports);
        parseNames(p.name);
        const globals = Object.fromEntries(Array.from({ length: MAX_PORTS }, (_, i) => [`dns_port_${i}`, ports[i] ?? 0]));
        return { globals, snapLen: 4096, bufferBytes: p.socketBufferKb * 1024 };
      },
      events: (run) => {
        const names = parseNames(run.params.name);
        const ports = new Set(parsePorts(run.params.ports));
        const flows = new DnsTransactions(run, run.params.timeoutMs);
        return {
          packets(packets) {
            const out: TraceDnsEvent[] = [];
            for (const p of packets) {
              const ip = parseIpPacket(p.data);
              if (!ip || ip.proto !== IPPROTO_UDP) continue;
              const msg = parseDnsMessage(ip.payload);
              if (!msg || msg.opcode !== 0) continue;
              if (!nameMatches(names, msg.name)) continue;
              if (!msg.response && ports.has(ip.dport)) out.push(flows.query(p, ip, msg));
              else if (msg.response && ports.has(ip.sport)) out.push(flows.response(p, ip, msg));
            }
            return out;
          },
          tick: () => flows.expired(),
        };
      },
    }),
});
