import { readFileSync } from 'node:fs';
import { fileSource } from './ByteSource.js';
import { readElf, offsetToVaddr, type ElfFile } from './elfFile.js';
import { UNKNOWN, type Frame } from './Frame.js';
import { readKallsyms, type KernelSymbols } from './kallsyms.js';
import { mappingAt, parseMaps, type Mapping } from './processMaps.js';
import { SymbolTable } from './SymbolTable.js';

export interface StackSymbolizerOptions {
  /** Where /proc is (tests point it elsewhere). */
  procRoot?: string;
  /** Where the kernel's symbols are read from. */
  kallsymsPath?: string;
  /** ELF files whose symbols are kept at once (by build id); the oldest is forgotten past this. */
  maxFiles?: number;
  /** Processes whose maps are kept at once. */
  maxProcesses?: number;
}

/** What symbolization could not name, counted: nothing is dropped silently. */
export interface SymbolizeCounts {
  /** Frames symbolized in all. */
  frames: number;
  /** Frames shown as `[unknown]` (no symbol covers them, or their file could not be read). */
  unknown: number;
  /** Of those, frames of processes that had exited before symbolization (no maps left to read). */
  exited: number;
  /** Kernel frames shown as `[unknown]`. */
  kernelUnknown: number;
  /** ELF files that could not be read or parsed (their frames are `[unknown]`). */
  unreadableFiles: number;
}

interface FileSymbols {
  elf: ElfFile;
  table: SymbolTable | undefined;
}

/** Mappings whose file is remembered at most (the files themselves are bounded by maxFiles). */
const MAX_MAPPED = 65536;

/** The last path component: how a module reads in a frame. */
const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1) || path;

/**
 * Turns stack addresses into function names: kernel addresses from
 * /proc/kallsyms, user addresses from the ELF files the process maps
 * (/proc/<pid>/maps; each file read through /proc/<pid>/map_files, so a
 * container's or a deleted file is the one mapped), cached by build id.
 * Never throws on what it reads: an unreadable process or file gives
 * `[unknown]` frames, counted in `counts`.
 */
export class StackSymbolizer {
  readonly counts: SymbolizeCounts = { frames: 0, unknown: 0, exited: 0, kernelUnknown: 0, unreadableFiles: 0 };
  readonly #proc: string;
  readonly #kallsymsPath: string;
  readonly #maxFiles: number;
  readonly #maxProcesses: number;
  #kernel: KernelSymbols | undefined;
  /** Symbols by build id (or file identity when it has none), oldest first. */
  readonly #files = new Map<string, FileSymbols>();
  /** pid -> its mappings; null once the process is found gone. */
  readonly #maps = new Map<number, Mapping[] | null>();
  /** pid -> its mappings as remember() last read them, for when it is gone by symbolization. */
  readonly #remembered = new Map<number, Mapping[]>();
  /** `pid:start:dev inode` -> the cache id of that mapping's file, or null when it cannot be read. */
  readonly #mapped = new Map<string, string | null>();

  constructor(options: StackSymbolizerOptions = {}) {
    this.#proc = options.procRoot ?? '/proc';
    this.#kallsymsPath = options.kallsymsPath ?? '/proc/kallsyms';
    this.#maxFiles = options.maxFiles ?? 256;
    this.#maxProcesses = options.maxProcesses ?? 4096;
  }

  /** Whether kernel addresses could be read from kallsyms (false when kptr_restrict hides them). */
  get kernelReadable(): boolean {
    return this.#kernelSymbols().readable;
  }

  #kernelSymbols(): KernelSymbols {
    if (!this.#kernel) {
      try {
        this.#kernel = readKallsyms(this.#kallsymsPath);
      } catch {
        this.#kernel = { table: new SymbolTable([]), readable: false };
      }
    }
    return this.#kernel;
  }

  /** Kernel frames for `addresses`, in the same order. */
  kernel(addresses: readonly bigint[]): Frame[] {
    const { table } = this.#kernelSymbols();
    return addresses.map((address) => {
      this.counts.frames++;
      const hit = table.lookup(address);
      if (hit) return { name: hit.name, kernel: true };
      this.counts.unknown++;
      this.counts.kernelUnknown++;
      return { name: UNKNOWN, kernel: true };
    });
  }

  /** Frames of process `pid` for user-space `addresses`, in the same order. */
  user(pid: number, addresses: readonly bigint[]): Frame[] {
    const maps = this.#mapsOf(pid);
    return addresses.map((address) => {
      this.counts.frames++;
      if (!maps) {
        this.counts.unknown++;
        this.counts.exited++;
        return { name: UNKNOWN };
      }
      const m = mappingAt(maps, address);
      const frame = m ? this.#inMapping(pid, m, address) : undefined;
      if (frame) return frame;
      this.counts.unknown++;
      return m ? { name: UNKNOWN, module: m.path ? basename(m.path) : '[anon]' } : { name: UNKNOWN };
    });
  }

  /**
   * Reads the maps of `pid` now and loads the files it maps, so that its
   * frames can still be named if it exits before symbolization. A profile
   * calls it during the run for each process it sees; the processes alive at
   * the end are read again then, so an exec in between is seen.
   */
  remember(pid: number): void {
    const maps = this.#readMaps(pid);
    if (!maps) return;
    if (this.#remembered.size >= this.#maxProcesses) this.#remembered.delete(this.#remembered.keys().next().value!);
    this.#remembered.set(pid, maps);
    for (const m of maps) if (m.executable && m.path.startsWith('/')) this.#fileOf(pid, m);
  }

  /** Reads the maps of `pid` again next time (the process may have mapped more). */
  forget(pid: number): void {
    this.#maps.delete(pid);
  }

  #readMaps(pid: number): Mapping[] | null {
    try {
      return parseMaps(readFileSync(`${this.#proc}/${pid}/maps`, 'latin1'));
    } catch {
      return null;
    }
  }

  #mapsOf(pid: number): Mapping[] | null {
    const known = this.#maps.get(pid);
    if (known !== undefined) return known;
    const maps = this.#readMaps(pid) ?? this.#remembered.get(pid) ?? null;
    if (this.#maps.size >= this.#maxProcesses) this.#maps.clear();
    this.#maps.set(pid, maps);
    return maps;
  }

  #inMapping(pid: number, m: Mapping, address: bigint): Frame | undefined {
    if (!m.path.startsWith('/')) return undefined;
    const file = this.#fileOf(pid, m);
    if (!file?.table) return undefined;
    const offset = Number(address - m.start) + m.offset;
    const vaddr = offsetToVaddr(file.elf.loads, offset);
    if (vaddr === undefined) return undefined;
    const hit = file.table.lookup(vaddr);
    return hit ? { name: hit.name, module: basename(m.path) } : undefined;
  }

  #fileOf(pid: number, m: Mapping): FileSymbols | null {
    const key = `${pid}:${m.start}:${m.file}`;
    const known = this.#mapped.get(key);
    if (known === null) return null;
    // the cache may have let the file go since: then it is read again
    const cached = known !== undefined ? this.#files.get(known) : undefined;
    if (cached) return cached;
    let found: { id: string; symbols: FileSymbols } | null = null;
    const candidates = [`${this.#proc}/${pid}/map_files/${m.start.toString(16)}-${m.end.toString(16)}`, `${this.#proc}/${pid}/root${m.path}`];
    for (const path of candidates) {
      found = this.#load(path);
      if (found) break;
    }
    if (!found && known === undefined) this.counts.unreadableFiles++;
    if (this.#mapped.size >= MAX_MAPPED) this.#mapped.delete(this.#mapped.keys().next().value!);
    this.#mapped.set(key, found?.id ?? null);
    return found?.symbols ?? null;
  }

  /** The symbols of the ELF file at `path`, from the cache when its build id is known. */
  #load(path: string): { id: string; symbols: FileSymbols } | null {
    let src;
    try {
      src = fileSource(path);
    } catch {
      return null;
    }
    try {
      const elf = readElf(src);
      const id = elf.buildId ?? `${path}:${src.size}`;
      const cached = this.#files.get(id);
      if (cached) return { id, symbols: cached };
      let table: SymbolTable | undefined;
      try {
        table = elf.symbols();
      } catch {
        table = undefined; // a malformed table: its frames show as [unknown] (module)
        this.counts.unreadableFiles++;
      }
      const entry = { elf, table };
      if (this.#files.size >= this.#maxFiles) this.#files.delete(this.#files.keys().next().value!);
      this.#files.set(id, entry);
      return { id, symbols: entry };
    } catch {
      return null;
    } finally {
      src.close();
    }
  }
}
