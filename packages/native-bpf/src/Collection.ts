import { addon, type GlobalInfo, type NativeLink, type NativeObject, type PerfEventOptions, type TypeInfo, type UprobeTarget } from './addon.js';
import { BpfMap } from './BpfMap.js';
import { BpfError, rethrowNative, toBpfError } from './errors.js';
import { encodeGlobal, type GlobalValue } from './encodeGlobal.js';
import { Link } from './Link.js';
import { ProgramSkips } from './programSkips.js';
import { enableRunTimeStats, readCollectionCost, type CollectionCost, type RunTimeCounting } from './collectionCost.js';
import { nativeIterTarget, type AttachOptions } from './iterTarget.js';

/**
 * Marks when an object finished loading (performance mark
 * "gadgetry:bpf-loaded"), so the runtime can tell loading from attaching in
 * its start-up timing. Only the latest mark is kept: runs never pile them up.
 */
function markLoaded(): void {
  performance.clearMarks('gadgetry:bpf-loaded');
  performance.mark('gadgetry:bpf-loaded');
}

export interface CollectionOptions {
  /** Object name used in kernel listings (bpftool). */
  name?: string;
  /** `const volatile` globals to set before load, typed from BTF. */
  globals?: Record<string, GlobalValue | undefined>;
  /** max_entries overrides, e.g. a ring buffer's size in bytes. */
  mapSizes?: Record<string, number>;
  /** Programs not to load (e.g. a variant the params do not need). */
  skipPrograms?: string[];
  /**
   * Globals set only when the object declares them: features an object opts
   * into by including a header. A value in `globals` wins over these.
   */
  optionalGlobals?: Record<string, GlobalValue | undefined>;
  /** Have the kernel count runs and run time from load to close() (BPF_ENABLE_STATS), for cost(); a refusal does not fail the load. */
  runTimeStats?: boolean;
}

/**
 * Why events were lost: the ring buffer was full, a table of calls in flight
 * was (gadget_losses), or the kernel skipped an attached program because
 * another BPF program or BPF call was running on that CPU (programs_skipped).
 */
export const LOSS_REASONS = ['ring_full', 'pending_full', 'programs_skipped'] as const;
export type LossReason = (typeof LOSS_REASONS)[number];

/** The reasons the object's gadget_losses map counts, by index (enum gadget_loss_reason). */
const MAP_LOSS_REASONS = ['pending_full'] as const;

export interface ProgramInfo {
  name: string;
  section: string;
  type: number;
  /** Loaded into the kernel (false: left out with skipPrograms, or an optional program whose hook is absent). */
  loaded: boolean;
}

/** The object without its undefined fields (the addon reads a present field as given). */
function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Program sections that need an explicit target and are not attached by attachAll(). */
const EXPLICIT_TARGET = /^(socket|perf_event|sk_|xdp|tc|classifier|cgroup|iter)/;
/** A uprobe section that names no binary ("uprobe", "uretprobe"): attached with attachUprobe(). */
const UNTARGETED_UPROBE = /^u(ret)?probe(\.s)?$/;

/**
 * A loaded BPF object: its programs and maps, and the links and readers made
 * from them. It is their one owner: close() releases every kernel object it
 * holds, and every handle made from it (map, link, reader) throws
 * BPF_OBJECT_CLOSED afterwards. Load failures release everything they opened
 * before throwing. A worker thread that exits without close() releases its
 * collections too.
 */
export class Collection implements Disposable {
  readonly programs: ProgramInfo[];
  readonly maps: ReadonlyMap<string, BpfMap>;
  #native: NativeObject | undefined;
  #links: Link[] = [];
  readonly #skips = new ProgramSkips();
  readonly #counting: RunTimeCounting;

  private constructor(native: NativeObject, counting: RunTimeCounting) {
    this.#native = native;
    this.#counting = counting;
    this.programs = native.programs().map(({ name, section, type, autoload }) => ({ name, section, type, loaded: autoload }));
    this.maps = new Map(native.maps().flatMap((m) => (m.internal || !m.handle ? [] : [[m.name, new BpfMap({ ...m, handle: m.handle })]])));
  }

  /** Opens (file path or buffer), sets globals, and loads into the kernel. */
  static load(source: string | Buffer, options: CollectionOptions = {}): Collection {
    const { native, section, counting } = Collection.#open(source, options);
    try {
      native.load();
    } catch (err) {
      native.close();
      throw toBpfError(err, section);
    }
    markLoaded();
    return new Collection(native, counting);
  }

  /**
   * load(), with the kernel's verification on Node's thread pool: the event
   * loop keeps running while a large program is checked.
   */
  static async loadAsync(source: string | Buffer, options: CollectionOptions = {}): Promise<Collection> {
    const { native, section, counting } = Collection.#open(source, options);
    try {
      await native.loadAsync();
    } catch (err) {
      native.close();
      throw toBpfError(err, section);
    }
    markLoaded();
    return new Collection(native, counting);
  }

  /** Opens the object and applies the options; the section names the program for error hints. */
  static #open(source: string | Buffer, options: CollectionOptions): { native: NativeObject; section: string; counting: RunTimeCounting } {
    const a = addon();
    let native: NativeObject;
    try {
      native = new a.BpfObject(source, options.name);
    } catch (err) {
      rethrowNative(err);
    }
    let section = '';
    let counting: RunTimeCounting = { runTime: 'unavailable' };
    try {
      const globals = new Map<string, GlobalInfo>(native.globals().map((g) => [g.name, g]));
      const declared = Object.entries(options.optionalGlobals ?? {}).filter(([name]) => globals.has(name));
      const values = { ...Object.fromEntries(declared), ...options.globals };
      for (const [name, value] of Object.entries(values)) {
        if (value === undefined) continue;
        const g = globals.get(name);
        if (!g) throw new BpfError('BPF_GLOBAL_NOT_FOUND', `the BPF object has no global named ${name}`);
        native.setGlobal(name, encodeGlobal(g, value));
      }
      for (const [name, entries] of Object.entries(options.mapSizes ?? {})) native.setMapMaxEntries(name, entries);
      for (const p of options.skipPrograms ?? []) native.setAutoload(p, false);
      const loading = native.programs().filter((p) => p.autoload);
      section = loading.length === 1 ? loading[0]!.section : loading.map((p) => p.section).find((s) => /^(k|f|lsm)/.test(s)) ?? '';
      a.raiseMemlock();
      // before load: the count starts with the programs' first run
      if (options.runTimeStats) counting = enableRunTimeStats(native);
    } catch (err) {
      native.close();
      rethrowNative(err, section);
    }
    return { native, section, counting };
  }

  #require(): NativeObject {
    if (!this.#native) throw new BpfError('BPF_OBJECT_CLOSED', 'the collection was closed');
    return this.#native;
  }

  map(name: string): BpfMap {
    const m = this.maps.get(name);
    if (!m) throw new BpfError('BPF_MAP_NOT_FOUND', `the BPF object has no map named ${name}; maps: ${[...this.maps.keys()].join(', ')}`);
    return m;
  }

  #program(name: string): ProgramInfo {
    const p = this.programs.find((x) => x.name === name);
    if (!p) throw new BpfError('BPF_PROGRAM_NOT_FOUND', `the BPF object has no program named ${name}`);
    return p;
  }

  /** `native`: the link's own handle, whose fd names its program (for programsSkipped()). */
  #track(link: Link, native: NativeLink): Link {
    // links closed on their own need no detaching: forget them, so attach/close cycles stay bounded
    this.#links = this.#links.filter((l) => !l.closed);
    this.#links.push(link);
    this.#skips.track(native.fd);
    return link;
  }

  /**
   * Attaches one program by its section (tracepoint, raw_tp, tp_btf, iter,
   * kprobe, ...); `options.iter` tells an iter/* program what to walk.
   */
  attach(name: string, options: AttachOptions = {}): Link {
    const p = this.#program(name);
    const target = options.iter ? nativeIterTarget(options.iter) : undefined;
    try {
      const native = this.#require();
      const made = target ? native.attach(name, stripUndefined(target)) : native.attach(name);
      return this.#track(new Link(name, p.section, made), made);
    } catch (err) {
      rethrowNative(err, p.section);
    }
  }

  /** Attaches every loaded program that needs no explicit target. */
  attachAll(options: { except?: string[] } = {}): Link[] {
    const skip = new Set(options.except ?? []);
    const loaded = this.#require().programs().filter((p) => p.autoload);
    return loaded.filter((p) => !skip.has(p.name) && !EXPLICIT_TARGET.test(p.section) && !UNTARGETED_UPROBE.test(p.section)).map((p) => this.attach(p.name));
  }

  /** Attaches a perf_event program to a new perf event (a software CPU clock by default). */
  attachPerfEvent(name: string, options: PerfEventOptions = {}): Link {
    const p = this.#program(name);
    try {
      const made = this.#require().attachPerfEvent(name, options);
      return this.#track(new Link(name, p.section, made), made);
    } catch (err) {
      rethrowNative(err, p.section);
    }
  }

  /**
   * Attaches a uprobe (or uretprobe) program to a function of a binary, by
   * symbol name (and offset into it) or file offset, for every process that
   * maps the binary or for one pid. A binary that does not exist, a symbol it
   * does not have and a pid no process has are each their own error
   * (UPROBE_BINARY_NOT_FOUND, UPROBE_SYMBOL_NOT_FOUND, UPROBE_PID_NOT_FOUND).
   * `retprobe` defaults to what the section says (uretprobe).
   */
  attachUprobe(name: string, target: UprobeTarget): Link {
    const p = this.#program(name);
    const options = stripUndefined({ ...target, retprobe: target.retprobe ?? /^uretprobe/.test(p.section) });
    try {
      const made = this.#require().attachUprobe(name, options);
      return this.#track(new Link(name, p.section, made), made);
    } catch (err) {
      rethrowNative(err, p.section);
    }
  }

  /** Attaches a socket filter program to a socket fd. */
  attachSocket(name: string, socketFd: number): void {
    const p = this.#program(name);
    try {
      this.#require().attachSocket(name, socketFd);
    } catch (err) {
      rethrowNative(err, p.section);
    }
  }

  /** The BTF layout of a struct in the object. */
  structLayout(name: string): TypeInfo {
    const t = this.#require().structLayout(name);
    if (!t) throw new BpfError('BTF_TYPE_NOT_FOUND', `the BPF object has no struct ${name} in its BTF`);
    return t;
  }

  globals(): GlobalInfo[] {
    return this.#require().globals();
  }

  /** Events the BPF side dropped because its ring buffer was full (gadget_drops). */
  drops(): number {
    const m = this.maps.get('gadget_drops');
    return m ? m.sumPerCpuU64(Buffer.alloc(4)) : 0;
  }

  /**
   * Events lost so far, by reason: `ring_full` is drops(); the others are
   * gadget_losses, indexed as enum gadget_loss_reason in <gadgetry/common.h>.
   */
  losses(): Record<LossReason, number> {
    const out = { ring_full: this.drops(), pending_full: 0, programs_skipped: this.programsSkipped() };
    const m = this.maps.get('gadget_losses');
    if (m) {
      const key = Buffer.alloc(4);
      MAP_LOSS_REASONS.forEach((reason, i) => {
        if (i >= m.maxEntries) return;
        key.writeUInt32LE(i);
        out[reason] = m.sumPerCpuU64(key);
      });
    }
    return out;
  }

  /**
   * Times the kernel skipped this collection's attached programs rather than
   * run them (another BPF program or BPF call was running on that CPU); each
   * skip may have been an event. 0 where the kernel does not count them.
   */
  programsSkipped(): number {
    return this.closed ? 0 : this.#skips.count();
  }

  /** Each loaded program's runs and run time (with runTimeStats) and each map's memory so far, as bpftool shows them. */
  cost(): CollectionCost {
    return readCollectionCost(this.#require(), this.#counting);
  }

  get closed(): boolean {
    return this.#native?.closed ?? true;
  }

  /** Detaches every link made by this collection; maps stay readable. */
  detachAll(): void {
    for (const l of this.#links.splice(0)) l.close();
  }

  /**
   * Detaches every link, closes every reader of its maps, then frees programs
   * and maps. Safe to call twice.
   */
  close(): void {
    this.detachAll();
    this.#native?.close();
    this.#native = undefined;
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
