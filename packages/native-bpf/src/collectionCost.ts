import { readFileSync } from 'node:fs';
import { addon, type NativeObject } from './addon.js';
import { rethrowNative } from './errors.js';

/** One loaded program as the kernel counts it (bpftool prog show: run_cnt, run_time_ns). */
export interface ProgramCost {
  name: string;
  /** The kernel's id of the program (bpftool prog show id <id>). */
  id: number;
  /** The program type as bpftool names it (tracepoint, raw_tracepoint, perf_event...). */
  type: string;
  /** Times the program ran; null when the kernel was not counting (it counts runs only with run time, see CollectionCost.runTime). */
  runCount: bigint | null;
  /** Time spent running it, in ns; null when the kernel was not counting. */
  runTimeNs: bigint | null;
  /** Times the kernel skipped it because another BPF program was running on that CPU. */
  recursionMisses: bigint;
  /** Kernel memory charged to the program (fdinfo memlock); null when unreadable. */
  bytes: number | null;
}

/** One created map (bpftool map show: bytes_memlock, max_entries). */
export interface MapCost {
  name: string;
  id: number;
  /** The map type as bpftool names it (hash, ringbuf, percpu_array...). */
  type: string;
  maxEntries: number;
  keySize: number;
  valueSize: number;
  /** Kernel memory charged to the map (fdinfo memlock); null when unreadable. */
  bytes: number | null;
  /** A map libbpf made for the object's globals (.rodata, .bss, .data). */
  internal: boolean;
}

/**
 * Whether the kernel counted the programs' runs and run time (it counts
 * neither without BPF stats on): `counted` while the
 * collection held BPF_ENABLE_STATS (or kernel.bpf_stats_enabled was on
 * anyway), `unavailable` when it was not asked or refused (`refusal` says why).
 */
export interface RunTimeCounting {
  runTime: 'counted' | 'unavailable';
  refusal?: string;
}

/** What a loaded collection costs the kernel right now. */
export interface CollectionCost extends RunTimeCounting {
  programs: ProgramCost[];
  maps: MapCost[];
}

let typeNames: { program: Map<number, string>; map: Map<number, string> } | undefined;

/** libbpf's names of program and map types, by number ("type 42" for one it does not know). */
function typeName(kind: 'program' | 'map', type: number): string {
  if (!typeNames) {
    const a = addon();
    typeNames = { program: new Map(a.programTypes().map((t) => [t.id, t.name])), map: new Map(a.mapTypes().map((t) => [t.id, t.name])) };
  }
  return typeNames[kind].get(type) ?? `type ${type}`;
}

/** kernel.bpf_stats_enabled: run time is counted host-wide while it is 1. */
function hostCountsRunTime(): boolean {
  try {
    return readFileSync('/proc/sys/kernel/bpf_stats_enabled', 'utf8').trim() === '1';
  } catch {
    return false;
  }
}

/**
 * Asks the kernel to count run time for as long as `native` is open. A
 * refusal (no CAP_SYS_ADMIN) is not a failure: the numbers that need no
 * counting (run counts, memory) are still there.
 */
export function enableRunTimeStats(native: NativeObject): RunTimeCounting {
  try {
    native.enableRunTimeStats();
    return { runTime: 'counted' };
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'BPF_STATS_REFUSED') rethrowNative(err);
    if (hostCountsRunTime()) return { runTime: 'counted' };
    return { runTime: 'unavailable', refusal: (err as Error).message };
  }
}

/** The collection's programs and maps as the kernel counts them now. */
export function readCollectionCost(native: NativeObject, counting: RunTimeCounting): CollectionCost {
  let programs: ReturnType<NativeObject['programCosts']>;
  let maps: ReturnType<NativeObject['mapCosts']>;
  try {
    programs = native.programCosts();
    maps = native.mapCosts();
  } catch (err) {
    rethrowNative(err);
  }
  // not counted reads as 0 in the kernel's numbers: unavailable, never a measured 0
  const counted = counting.runTime === 'counted';
  return {
    ...counting,
    programs: programs.map((p) => ({ ...p, type: typeName('program', p.type), ...(counted ? {} : { runCount: null, runTimeNs: null }) })),
    maps: maps.map((m) => ({ ...m, type: typeName('map', m.type) })),
  };
}
