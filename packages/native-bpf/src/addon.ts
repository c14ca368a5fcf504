import { createRequire } from 'node:module';
import { findAddon, missingAddonMessage, sourceBuildCommand, type AddonLocation } from './addonLocation.js';
import { BpfError } from './errors.js';
import type { NativeIterTarget } from './iterTarget.js';
import type { MapCost, ProgramCost } from './collectionCost.js';

export interface NativeObject {
  globals(): GlobalInfo[];
  setGlobal(name: string, value: Buffer): void;
  setMapMaxEntries(name: string, entries: number): void;
  setAutoload(program: string, autoload: boolean): void;
  load(): void;
  /** load() on Node's thread pool; the object is busy until the promise settles. */
  loadAsync(): Promise<void>;
  programs(): { name: string; section: string; type: number; autoload: boolean }[];
  /** Each map; loaded objects give each a handle. */
  maps(): (MapInfo & { handle?: NativeMap })[];
  attach(program: string, options?: NativeIterTarget): NativeLink;
  attachPerfEvent(program: string, opts: PerfEventOptions): NativeLink;
  attachSocket(program: string, socketFd: number): void;
  attachUprobe(program: string, target: UprobeTarget): NativeLink;
  structLayout(name: string): TypeInfo | undefined;
  /** Keeps the kernel counting BPF run time until close(); throws BPF_STATS_REFUSED. */
  enableRunTimeStats(): void;
  /** Each loaded program as the kernel counts it (runCount and runTimeNs stay 0 while nothing counts). */
  programCosts(): (Omit<ProgramCost, 'runCount' | 'runTimeNs' | 'type'> & { runCount: bigint; runTimeNs: bigint; type: number })[];
  /** Each created map's memory and size (type: enum bpf_map_type). */
  mapCosts(): (Omit<MapCost, 'type'> & { type: number })[];
  /** Detaches every link, closes every reader, frees programs and maps; idempotent. */
  close(): void;
  readonly closed: boolean;
}

/**
 * A map of a loaded object. Every call asks the object's owner first: once the
 * object is closed, calls throw BPF_OBJECT_CLOSED and `fd` is -1.
 */
export interface NativeMap {
  lookup(key: Buffer): Buffer | null;
  update(key: Buffer, value: Buffer, flags?: number): void;
  delete(key: Buffer): boolean;
  nextKey(key: Buffer | null): Buffer | null;
  /** Every entry in batch calls; null when the kernel cannot batch this map. */
  lookupBatch(): { keys: Buffer; values: Buffer; count: number } | null;
  /** Every entry, each deleted in the step that reads it; null when the kernel cannot. */
  lookupAndDeleteBatch(): { keys: Buffer; values: Buffer; count: number } | null;
  /** The value removed with `key`, or null when there was none. */
  lookupAndDelete(key: Buffer): Buffer | null;
  /** Puts `inner` in `slot` of this map of maps; settles once no program uses the map that was there. */
  setInnerMapAsync(slot: number, inner: NativeMap): Promise<void>;
  readonly fd: number;
  readonly closed: boolean;
  /** Bytes of one value as lookups return it (per-CPU maps: a slot per possible CPU). */
  readonly lookupSize: number;
}

export interface NativeLink {
  readonly fd: number;
  readonly closed: boolean;
  destroy(): void;
  readIterator(options?: { netns?: string | number }): Buffer;
}

export interface NativeReader {
  consume(): void;
  /** Stops polling the buffer and its drain timer; consume() still works. */
  pause(): void;
  resume(): void;
  readonly paused: boolean;
  readonly closed: boolean;
  close(): void;
}

/** A packet socket of the addon; see PacketSocket.ts. */
export interface NativePacketSocket {
  readonly fd: number;
  readonly closed: boolean;
  start(onBatch: BatchCallback): void;
  consume(): void;
  pause(): void;
  resume(): void;
  stats(): { received: number; drops: number; truncated: number };
  close(): void;
}

export interface PacketSocketOptions {
  /** A network namespace file (/proc/PID/ns/net) or an fd of one; default: the caller's namespace. */
  netns?: string | number;
  /** Bytes kept of each packet, from its network header (64-65535, default 2048). */
  snapLen?: number;
  /** Packets per call into JavaScript (1-4096, default 256); snapLen x maxBatch stays within 16 MiB. */
  maxBatch?: number;
  /** The socket's receive buffer in bytes (default: the system's). */
  bufferBytes?: number;
}

export type BatchCallback = (records: Buffer, count: number) => void;

export interface MapInfo {
  name: string;
  type: number;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  internal: boolean;
}

/** Where a uprobe program goes: a function of an ELF file, for every process that maps it or one. */
export interface UprobeTarget {
  /** Absolute path of the executable or shared library. */
  binary: string;
  /** Function name in its symbol tables; without it, `offset` is a file offset. */
  symbol?: string;
  /** With `symbol`: bytes into the function (default 0, its entry). */
  offset?: number;
  /** Only this process (-1, the default: every process). */
  pid?: number;
  /** At the function's return rather than its entry (default: from the section, uretprobe). */
  retprobe?: boolean;
}

export interface PerfEventOptions {
  type?: number;
  config?: number;
  sampleFreq?: number;
  samplePeriod?: number;
  cpu?: number;
  pid?: number;
}

/** A BTF type as the addon describes it. */
export interface TypeInfo {
  kind: 'int' | 'bool' | 'array' | 'struct' | 'union' | 'other' | 'unknown';
  name?: string;
  size: number;
  signed?: boolean;
  char?: boolean;
  count?: number;
  element?: TypeInfo;
  members?: { name: string; offset: number; bitfield: number; type: TypeInfo }[];
}

export interface GlobalInfo {
  name: string;
  section: string;
  offset: number;
  size: number;
  type: TypeInfo;
}

export interface Addon {
  BpfObject: new (source: string | Buffer, name?: string) => NativeObject;
  RingBufferReader: new (map: NativeMap, onBatch: BatchCallback, maxBatch?: number) => NativeReader;
  PacketSocket: new (options?: PacketSocketOptions) => NativePacketSocket;
  PerfBufferReader: new (map: NativeMap, pagesPerCpu: number, onBatch: BatchCallback) => NativeReader & { readonly lost: number };
  mount(fstype: string, target: string): void;
  raiseMemlock(): boolean;
  possibleCpus(): number;
  libbpfVersion(): string;
  programTypes(): { id: number; name: string }[];
  mapTypes(): { id: number; name: string }[];
  /** 1 supported, 0 not, a negative errno when the probe could not tell. */
  probeProgramType(type: number): number;
  probeMapType(type: number): number;
  probeHelper(programType: number, helper: string): number;
  /** Whether the kernel's BTF has each "kind:name"; null when the kernel has no BTF. */
  btfHas(names: string[]): boolean[] | null;
  /** Loads and attaches a minimal program of each kind; `tracefs` is its mount point or "". */
  probeAttach(kinds: string[], tracefs: string): AttachProbeResult[];
}

/** How far a minimal program of one kind got: loaded, attached, or where it stopped and why. */
export interface AttachProbeResult {
  kind: string;
  loaded: boolean;
  attached: boolean;
  /** "load", "attach", "interface" (a PMU, tracefs or BTF name is missing), or "" when attached. */
  stage: '' | 'load' | 'attach' | 'interface';
  errno: number;
  detail: string;
}

let cached: Addon | undefined;

/** What a failed dlopen means, in one line with the fix. */
function loadFailure(location: AddonLocation, msg: string): BpfError {
  const firstLine = msg.split('\n')[0] ?? msg;
  if (location.kind === 'source' && firstLine.includes('libbpf.so')) {
    return new BpfError('LIBBPF_MISSING', `the addon built from source (${location.path}) needs the shared libbpf, which is not installed; install it with: apt-get install libbpf1`);
  }
  const glibc = /GLIBC_([0-9.]+)' not found/.exec(firstLine)?.[1];
  if (glibc) {
    const have = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header?.glibcVersionRuntime ?? 'unknown';
    return new BpfError(
      'ADDON_LOAD_FAILED',
      `the prebuilt native addon (${location.path}) needs glibc ${glibc} or newer and this host has ${have}; build it from source with: ${sourceBuildCommand()}`,
    );
  }
  return new BpfError('ADDON_LOAD_FAILED', `cannot load the native addon ${location.path}: ${firstLine}; build it from source with: ${sourceBuildCommand()}`);
}

/** Loads the addon (a source build on this host, else the prebuilt binary for this platform), or says exactly what is missing. */
export function addon(): Addon {
  if (cached) return cached;
  const location = findAddon();
  if (!location) throw new BpfError('ADDON_MISSING', missingAddonMessage());
  try {
    cached = createRequire(import.meta.url)(location.path) as Addon;
  } catch (err) {
    throw loadFailure(location, (err as Error).message);
  }
  return cached;
}

