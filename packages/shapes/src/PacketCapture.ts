import { closeSync, fstatSync, openSync, readlinkSync } from 'node:fs';
import { PacketSocket, type Collection, type Packet } from '@gadgetry/native-bpf';
import { networkNamespaces, type NetworkNamespace } from './networkNamespaces.js';

/** A packet and the network namespace it was seen in. */
export interface CapturedPacket extends Packet {
  /** Inode number of the network namespace. */
  netns: number;
  /** Mount namespace of a process in that network namespace: the container it belongs to, if any. */
  netnsMntns: number;
}

export interface PacketCaptureOptions {
  /** A loaded collection and its socket filter program: it picks the packets. */
  collection: Collection;
  program: string;
  snapLen?: number;
  /** Receive buffer of each socket, in bytes. */
  bufferBytes?: number;
  /** Packets per read (default 64); each socket keeps maxBatch x snapLen bytes to read into. */
  maxBatch?: number;
  onPackets(packets: CapturedPacket[]): void;
  /** Packets the sockets' receive buffers could not hold since the last report. */
  onDrops?(count: number): void;
  onError?(err: unknown): void;
  /** A namespace whose socket could not be opened (it vanished, or is not ours). */
  onSkipped?(netns: number, err: unknown): void;
  /** How often new network namespaces are looked for, and drops reported (ms; default 1000). */
  rescanMs?: number;
}

/**
 * Packets per read and socket: each socket keeps maxBatch x snapLen bytes to
 * read into, and there is one per namespace (256 KiB at a 4 KiB snap length).
 */
const DEFAULT_BATCH = 64;

interface Capture {
  socket: PacketSocket;
  reportedDrops: number;
}

/** The mount namespace of the process whose /proc/PID/ns/net `path` is. */
function mountNsBeside(path: string): number {
  try {
    const m = /^mnt:\[(\d+)\]$/.exec(readlinkSync(path.replace(/\/net$/, '/mnt')));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Packet sockets in every network namespace some process is in, the
 * host's and each container's, all filtered by the same socket filter: a
 * namespace that appears later is picked up at the next rescan, one whose
 * processes all left is let go. Sockets are opened from the addon's own
 * thread inside each namespace. Drops of full receive buffers are added up
 * and reported; pause() stops reading every socket (backpressure).
 */
export class PacketCapture {
  readonly #o: PacketCaptureOptions;
  readonly #captures = new Map<number, Capture>();
  #timer: NodeJS.Timeout | undefined;
  #paused = false;
  #stopped = false;
  #closedDrops = 0;
  #reportedClosedDrops = 0;

  constructor(options: PacketCaptureOptions) {
    this.#o = options;
  }

  /** Opens a socket in every namespace there is now, then keeps looking. Throws when even the caller's own namespace fails. */
  start(): void {
    this.#rescan(true);
    this.#timer = setInterval(() => {
      try {
        this.#rescan(false);
        this.#reportDrops();
      } catch (err) {
        this.#o.onError?.(err);
      }
    }, this.#o.rescanMs ?? 1000);
    this.#timer.unref();
  }

  /** The namespaces read now (inode numbers). */
  get namespaces(): number[] {
    return [...this.#captures.keys()];
  }

  #open(ns: NetworkNamespace): void {
    const mntns = ns.own ? mountNsBeside('/proc/self/ns/net') : mountNsBeside(ns.path);
    let fd: number | undefined;
    if (!ns.own) {
      fd = openSync(ns.path, 'r');
      // the process may have exited and its pid been reused meanwhile
      if (fstatSync(fd).ino !== ns.inode) {
        closeSync(fd);
        return;
      }
    }
    let socket: PacketSocket | undefined;
    try {
      socket = new PacketSocket({ ...(fd !== undefined ? { netns: fd } : {}), snapLen: this.#o.snapLen, bufferBytes: this.#o.bufferBytes, maxBatch: this.#o.maxBatch ?? DEFAULT_BATCH });
      socket.attachFilter(this.#o.collection, this.#o.program);
      const netns = ns.inode;
      socket.start((packets) => {
        const out = packets as CapturedPacket[];
        for (const p of out) {
          p.netns = netns;
          p.netnsMntns = mntns;
        }
        this.#o.onPackets(out);
      }, this.#o.onError);
      if (this.#paused) socket.pause();
      this.#captures.set(ns.inode, { socket, reportedDrops: 0 });
    } catch (err) {
      socket?.close();
      throw err;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  #rescan(first: boolean): void {
    if (this.#stopped) return;
    const now = networkNamespaces();
    const live = new Set(now.map((n) => n.inode));
    for (const ns of now) {
      if (this.#captures.has(ns.inode)) continue;
      try {
        this.#open(ns);
      } catch (err) {
        if (first && ns.own) throw err;
        this.#o.onSkipped?.(ns.inode, err);
      }
    }
    for (const [inode, c] of this.#captures) {
      if (live.has(inode)) continue;
      c.socket.drain();
      this.#closedDrops += c.socket.stats().drops - c.reportedDrops;
      c.socket.close();
      this.#captures.delete(inode);
    }
  }

  #reportDrops(): void {
    let n = this.#closedDrops - this.#reportedClosedDrops;
    this.#reportedClosedDrops = this.#closedDrops;
    for (const c of this.#captures.values()) {
      const drops = c.socket.stats().drops;
      n += drops - c.reportedDrops;
      c.reportedDrops = drops;
    }
    if (n > 0) this.#o.onDrops?.(n);
  }

  pause(): void {
    this.#paused = true;
    for (const c of this.#captures.values()) c.socket.pause();
  }

  resume(): void {
    this.#paused = false;
    for (const c of this.#captures.values()) c.socket.resume();
  }

  /** Stops looking for namespaces, delivers what is queued and reports the last drops; sockets stay open until close(). */
  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    for (const c of this.#captures.values()) if (!c.socket.closed) c.socket.drain();
    this.#reportDrops();
  }

  close(): void {
    if (!this.#stopped) this.stop();
    for (const c of this.#captures.values()) c.socket.close();
    this.#captures.clear();
  }
}
