// Pairs each DNS query with its response, per network namespace, in user
// space: a response answers the query with the same id from the same client
// port and address to the same server. Queries still waiting after the
// timeout become "unanswered" events. The table of queries in flight is
// bounded: when it is full the oldest is let go and counted.
import type { CapturedPacket, IpPacket, PacketOwner, PacketRun } from '@gadgetry/shapes';
import { IPPROTO_UDP } from '@gadgetry/shapes';
import type { DnsMessage } from './dnsMessage.js';
import { qtypeName, rcodeName } from './dnsMessage.js';
import type { TraceDnsEvent } from './event.js';

export const MAX_IN_FLIGHT = 16384;

interface Pending {
  event: TraceDnsEvent;
  /** Monotonic ms when user space saw it, for the timeout. */
  seenMs: number;
}

const noOwner = (mntnsId: number): PacketOwner => ({ pid: 0, tid: 0, ppid: 0, uid: 0, gid: 0, mntnsId, comm: '' });

export class DnsTransactions {
  readonly #pending = new Map<string, Pending>();
  /** Queries let go because the table was full. */
  evicted = 0;

  constructor(
    readonly run: PacketRun<unknown>,
    readonly timeoutMs: number,
    readonly now: () => number = () => performance.now(),
  ) {}

  static #key(p: CapturedPacket, ip: IpPacket, id: number, fromClient: boolean): string {
    const [client, cport, server, sport] = fromClient ? [ip.saddr, ip.sport, ip.daddr, ip.dport] : [ip.daddr, ip.dport, ip.saddr, ip.sport];
    return `${p.netns}/${client.join('.')}/${cport}/${server.join('.')}/${sport}/${id}`;
  }

  #event(p: CapturedPacket, ip: IpPacket, msg: DnsMessage, type: string, owner: PacketOwner): TraceDnsEvent {
    return {
      ...owner,
      netns: p.netns,
      type,
      id: msg.id,
      name: msg.name,
      qtype: qtypeName(msg.qtype),
      rcode: type === 'response' ? rcodeName(msg.rcode) : '',
      answers: msg.answers.join(','),
      latency: 0,
      saddr: ip.saddr,
      sport: ip.sport,
      daddr: ip.daddr,
      dport: ip.dport,
      family: ip.family,
      timestamp: p.timestamp,
    };
  }

  /** The event of a query, and remembers it. */
  query(p: CapturedPacket, ip: IpPacket, msg: DnsMessage): TraceDnsEvent {
    const owner = this.run.ownerOf(p.netns, IPPROTO_UDP, ip.sport) ?? noOwner(p.netnsMntns);
    const event = this.#event(p, ip, msg, 'query', owner);
    const key = DnsTransactions.#key(p, ip, msg.id, true);
    this.#pending.delete(key); // a retry with the same id waits anew
    if (this.#pending.size >= MAX_IN_FLIGHT) {
      this.#pending.delete(this.#pending.keys().next().value!);
      this.evicted++;
      this.run.lost(1, 'pending_full', 'too many DNS queries waiting for a response (16384); lower --timeout-ms');
    }
    this.#pending.set(key, { event, seenMs: this.now() });
    return event;
  }

  /** The event of a response, with the latency since its query when that was seen. */
  response(p: CapturedPacket, ip: IpPacket, msg: DnsMessage): TraceDnsEvent {
    const key = DnsTransactions.#key(p, ip, msg.id, false);
    const q = this.#pending.get(key);
    this.#pending.delete(key);
    const owner: PacketOwner = q
      ? { pid: q.event.pid, tid: q.event.tid, ppid: q.event.ppid, uid: q.event.uid, gid: q.event.gid, mntnsId: q.event.mntnsId, comm: q.event.comm }
      : (this.run.ownerOf(p.netns, IPPROTO_UDP, ip.dport) ?? noOwner(p.netnsMntns));
    const event = this.#event(p, ip, msg, 'response', owner);
    if (q) event.latency = Math.max(0, p.timestamp - q.event.timestamp);
    return event;
  }

  /** Queries that waited longer than the timeout, as "unanswered" events (latency: how long they waited). */
  expired(): TraceDnsEvent[] {
    const now = this.now();
    const out: TraceDnsEvent[] = [];
    for (const [key, q] of this.#pending) {
      if (now - q.seenMs < this.timeoutMs) break; // in the order seen: the rest are younger
      this.#pending.delete(key);
      out.push({ ...q.event, type: 'unanswered', latency: Math.round((now - q.seenMs) * 1e6) });
    }
    return out;
  }

  get inFlight(): number {
    return this.#pending.size;
  }
}
