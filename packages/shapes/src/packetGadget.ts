import { Collection, type GlobalValue } from '@gadgetry/native-bpf';
import type { MountNsFilter } from '@gadgetry/sdk';
import type { LossReason } from '@gadgetry/errors';
import { PacketCapture, type CapturedPacket } from './PacketCapture.js';
import { packetOwner, type PacketOwner } from './packetOwners.js';
import type { ShapeInstance } from './ShapeInstance.js';
import { ShapeRun } from './ShapeRun.js';

/** What a packet gadget's event logic is given for one run. */
export interface PacketRun<P> {
  params: P;
  /** The task that sent from `port` (local) in network namespace `netns`, where it was seen (<gadgetry/packet.h>). */
  ownerOf(netns: number, proto: number, port: number): PacketOwner | undefined;
  /** Reports events the gadget's own code had to let go (a full table of queries in flight...). */
  lost(count: number, reason: LossReason, detail?: string): void;
}

/** A packet gadget's event logic: packets in, events out. */
export interface PacketEvents<E> {
  /** Events made of a batch of packets (a malformed packet must make none, never throw). */
  packets(packets: CapturedPacket[]): E[];
  /** Called every tickMs: events that come of time passing (a query left unanswered). */
  tick?(): E[];
  /** At stop, after the last packets. */
  flush?(): E[];
}

export interface PacketGadgetOptions<P, E> {
  name: string;
  /** Path or bytes of the compiled BPF object, and its socket filter program. */
  object: string | Buffer;
  program: string;
  /** The oldest Linux the gadget runs on. */
  minKernel?: string;
  /** Turns validated params into load and socket options. Throw to reject a value. */
  configure?(params: P): { globals?: Record<string, GlobalValue | undefined>; snapLen?: number; bufferBytes?: number };
  /** Makes the event logic of one run. */
  events(run: PacketRun<P>): PacketEvents<E>;
  tickMs?: number;
  /** What the lost-packets warning tells the user to do. */
  dropHint?: string;
}

/**
 * A complete trace gadget over packet sockets: a socket filter loaded once
 * and attached to a packet socket in every network namespace (PacketCapture),
 * the packets turned into events by the gadget's own code. It follows the
 * run's flow control, reports full receive buffers as `socket_full` losses,
 * and applies a container filter to the events' mntnsId.
 */
export function packetGadget<P, E extends { mntnsId: number }>(
  o: PacketGadgetOptions<P, E>,
): ShapeInstance<P, E, 'init' | 'setEventHandlerArray' | 'setMountNsFilter' | 'start' | 'stop' | 'close' | 'kernelCost'> {
  const run = new ShapeRun<P>({ name: o.name, minKernel: o.minKernel });
  let emit: (events: E[]) => void = () => {};
  let config: ReturnType<NonNullable<typeof o.configure>> = {};
  let collection: Collection | undefined;
  let capture: PacketCapture | undefined;
  let timer: NodeJS.Timeout | undefined;
  let unfollow: (() => void) | undefined;
  let logic: PacketEvents<E> | undefined;
  let keep: Set<number> | undefined;
  let unwatch: (() => void) | undefined;

  const deliver = (events: E[]) => {
    const kept = keep ? events.filter((e) => keep!.has(e.mntnsId)) : events;
    if (kept.length) emit(kept);
  };
  const fail = (err: unknown) => run.fail(err, 'event delivery');
  const follow = (filter: MountNsFilter) => {
    keep = new Set(filter.ids());
    unwatch = filter.onChange?.((ids) => (keep = new Set(ids)));
  };

  return {
    init(c) {
      run.init(c);
      config = o.configure?.(c.params) ?? {};
    },
    setEventHandlerArray(handler) {
      emit = handler;
    },
    setMountNsFilter(filter) {
      run.addMountNsFilter(filter);
    },
    async start() {
      run.prepareKernel();
      const ctx = run.ctx!;
      if (run.mntnsFilter) follow(run.mntnsFilter);
      const loaded = run.track(await Collection.loadAsync(o.object, { name: o.name, globals: config.globals ?? {}, runTimeStats: ctx.stats === true }));
      collection = loaded;
      // without flow control the log names the reason itself when there is no detail
      const lost = (n: number, reason: LossReason, detail?: string) => run.lost(n, reason, detail, detail ?? reason);
      logic = o.events({ params: ctx.params, ownerOf: (netns, proto, port) => packetOwner(loaded, netns, proto, port), lost });
      const events = logic;
      capture = new PacketCapture({
        collection: loaded,
        program: o.program,
        snapLen: config.snapLen,
        bufferBytes: config.bufferBytes,
        onPackets: (packets) => deliver(events.packets(packets)),
        onDrops: (n) => lost(n, 'socket_full', o.dropHint ? `the packet socket's receive buffer was full; ${o.dropHint}` : undefined),
        onError: fail,
        onSkipped: (netns, err) => ctx.logger.debug(`network namespace ${netns} left out: ${err instanceof Error ? err.message : String(err)}`),
      });
      capture.start();
      unfollow = run.followFlow(capture);
      if (events.tick) {
        timer = setInterval(() => {
          try {
            deliver(events.tick!());
          } catch (err) {
            fail(err);
          }
        }, o.tickMs ?? 100);
        timer.unref();
      }
    },
    stop() {
      unfollow?.();
      unfollow = undefined;
      if (timer) clearInterval(timer);
      timer = undefined;
      capture?.stop();
      if (logic?.flush) deliver(logic.flush());
      logic = undefined;
    },
    close() {
      unwatch?.();
      capture?.close();
      collection?.close();
      capture = undefined;
      collection = undefined;
    },
    kernelCost: () => run.kernelCost(),
  };
}
