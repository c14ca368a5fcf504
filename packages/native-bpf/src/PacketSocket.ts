import { addon, type NativePacketSocket, type PacketSocketOptions } from './addon.js';
import type { Collection } from './Collection.js';
import { rethrowNative } from './errors.js';
import { forEachRecord, guardHandler } from './RecordBatch.js';

/** sll_pkttype values (linux/if_packet.h). */
export const PacketType = { HOST: 0, BROADCAST: 1, MULTICAST: 2, OTHERHOST: 3, OUTGOING: 4 } as const;

/** One packet as a packet socket read it: from its network header on, cut at the snap length. */
export interface Packet {
  /** When the kernel received or sent it, ns since boot. */
  timestamp: number;
  /** Its length on the wire; more than data.length when it was cut. */
  wireLength: number;
  ifindex: number;
  /** ETH_P_* (0x0800 IPv4, 0x86dd IPv6). */
  protocol: number;
  /** PacketType: HOST (to this host), OUTGOING (sent from it), ... */
  type: number;
  /** The packet's bytes (a view into the batch: copy what you keep). */
  data: Buffer;
}

export interface PacketSocketStats {
  /** Packets read so far. */
  received: number;
  /** Packets the filter kept that did not fit in the receive buffer (counted by the kernel). */
  drops: number;
  /** Packets longer than the snap length (read cut). */
  truncated: number;
}

const HEADER = 24;

/** Decodes a batch from the addon: per record a 24-byte header (see PacketSocket.cc) and the bytes. */
export function decodePackets(batch: Buffer, count: number): Packet[] {
  const out = new Array<Packet>(count);
  let i = 0;
  forEachRecord(batch, (offset, size) => {
    if (size < HEADER || i >= count) return;
    out[i++] = {
      timestamp: Number(batch.readBigUInt64LE(offset)),
      wireLength: batch.readUInt32LE(offset + 8),
      ifindex: batch.readUInt32LE(offset + 12),
      protocol: batch.readUInt16LE(offset + 16),
      type: batch.readUInt8(offset + 18),
      data: batch.subarray(offset + HEADER, offset + size),
    };
  });
  return out.slice(0, i);
}

/**
 * A packet socket (AF_PACKET) in a network namespace. It is opened from a
 * thread of the addon's own that enters the namespace (no thread of this
 * process changes namespace) and receives nothing until start(): attach the
 * socket filter first, so it decides from the very first packet what is kept
 * and how much of each. Packets reach `onPackets` in batches on the event
 * loop; those the receive buffer could not hold are counted (stats().drops).
 * It knows nothing of what the packets mean.
 */
export class PacketSocket implements Disposable {
  readonly #native: NativePacketSocket;

  constructor(options: PacketSocketOptions = {}) {
    try {
      this.#native = new (addon().PacketSocket)(options);
    } catch (err) {
      rethrowNative(err);
    }
  }

  #call<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      return rethrowNative(err);
    }
  }

  get fd(): number {
    return this.#native.fd;
  }

  get closed(): boolean {
    return this.#native.closed;
  }

  /** Attaches socket filter `program` of a loaded collection (SO_ATTACH_BPF). */
  attachFilter(collection: Collection, program: string): void {
    collection.attachSocket(program, this.#call(() => this.#native.fd));
  }

  /** Receives from every interface of the namespace; a throw in `onPackets` goes to `onError`. */
  start(onPackets: (packets: Packet[]) => void, onError?: (err: unknown) => void): void {
    const safe = guardHandler((batch: Buffer, count: number) => onPackets(decodePackets(batch, count)), onError);
    this.#call(() => this.#native.start(safe));
  }

  /** Delivers what is queued right now, synchronously. */
  drain(): void {
    this.#call(() => this.#native.consume());
  }

  /** Stops reading until resume(): packets queue in the kernel, then are dropped and counted. */
  pause(): void {
    this.#call(() => this.#native.pause());
  }

  resume(): void {
    this.#call(() => this.#native.resume());
  }

  /** Counts since the socket was opened; still answers after close(). */
  stats(): PacketSocketStats {
    return this.#native.stats();
  }

  close(): void {
    this.#native.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
