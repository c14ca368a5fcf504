import type { ByteSource } from './ByteSource.js';
import { ElfError } from './ElfError.js';
import { SymbolTable, type SymbolEntry } from './SymbolTable.js';

/** Bounds on what one file may make the reader allocate. */
export const ELF_LIMITS = {
  /** Program headers read at most. */
  programHeaders: 512,
  /** Section headers read at most. */
  sectionHeaders: 8192,
  /** Bytes of one symbol or string table read at most (64 MiB: over 2.5 million symbols). */
  tableBytes: 64 * 1024 * 1024,
  /** Bytes of one note segment read at most. */
  noteBytes: 64 * 1024,
  /** Bytes of one symbol name kept at most; longer names are cut. */
  nameBytes: 1024,
} as const;

const PT_LOAD = 1;
const PT_NOTE = 4;
const SHT_SYMTAB = 2;
const SHT_DYNSYM = 11;
const STT_FUNC = 2;
const STT_GNU_IFUNC = 10;
const NT_GNU_BUILD_ID = 3;
const SYM_SIZE = 24;

/** A loaded segment: file bytes [offset, offset+fileSize) appear at vaddr. */
export interface LoadSegment {
  offset: number;
  fileSize: number;
  vaddr: bigint;
}

/** What the symbolizer needs of an ELF file. */
export interface ElfFile {
  /** The GNU build id in hex, when the file has one. */
  buildId: string | undefined;
  loads: LoadSegment[];
  /** Reads .symtab, or .dynsym when the file is stripped (throws ElfError on a malformed table). */
  symbols(): SymbolTable;
}

function u64(buf: Buffer, at: number, what: string): number {
  const v = buf.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ElfError(`${what} out of range`);
  return Number(v);
}

/** Exactly `length` bytes at `offset`, or ElfError. */
function bytes(src: ByteSource, offset: number, length: number, what: string): Buffer {
  if (offset < 0 || length < 0 || offset + length > src.size) throw new ElfError(`${what} lies outside the file (${offset}+${length} of ${src.size} bytes)`);
  const b = src.read(offset, length);
  if (b.length !== length) throw new ElfError(`${what} is truncated`);
  return b;
}

interface Section {
  type: number;
  offset: number;
  size: number;
  link: number;
  entsize: number;
}

/** The GNU build id among the notes of one PT_NOTE segment. */
function buildIdIn(notes: Buffer): string | undefined {
  let at = 0;
  while (at + 12 <= notes.length) {
    const namesz = notes.readUInt32LE(at);
    const descsz = notes.readUInt32LE(at + 4);
    const type = notes.readUInt32LE(at + 8);
    const nameAt = at + 12;
    const descAt = nameAt + ((namesz + 3) & ~3);
    const next = descAt + ((descsz + 3) & ~3);
    if (namesz > notes.length || descsz > notes.length || next > notes.length || next <= at) return undefined;
    if (type === NT_GNU_BUILD_ID && namesz === 4 && notes.toString('latin1', nameAt, nameAt + 3) === 'GNU' && descsz > 0 && descsz <= 64) {
      return notes.toString('hex', descAt, descAt + descsz);
    }
    at = next;
  }
  return undefined;
}

/**
 * Reads the header, the loaded segments and the build id of a 64-bit
 * little-endian ELF file, touching only those bytes; the symbol tables are
 * read when asked for. Anything malformed throws ElfError, never anything else.
 */
export function readElf(src: ByteSource): ElfFile {
  const h = bytes(src, 0, 64, 'the ELF header');
  if (h.readUInt32BE(0) !== 0x7f454c46) throw new ElfError('not an ELF file');
  if (h[4] !== 2 || h[5] !== 1) throw new ElfError('not a 64-bit little-endian ELF file');
  const phoff = u64(h, 32, 'program header offset');
  const shoff = u64(h, 40, 'section header offset');
  const phentsize = h.readUInt16LE(54);
  const phnum = h.readUInt16LE(56);
  const shentsize = h.readUInt16LE(58);
  const shnum = h.readUInt16LE(60);

  const loads: LoadSegment[] = [];
  let buildId: string | undefined;
  if (phnum > 0) {
    if (phentsize < 56) throw new ElfError(`program header size ${phentsize} is too small`);
    if (phnum > ELF_LIMITS.programHeaders) throw new ElfError(`${phnum} program headers, more than ${ELF_LIMITS.programHeaders}`);
    const ph = bytes(src, phoff, phnum * phentsize, 'the program headers');
    for (let i = 0; i < phnum; i++) {
      const at = i * phentsize;
      const type = ph.readUInt32LE(at);
      const offset = u64(ph, at + 8, 'segment offset');
      const fileSize = u64(ph, at + 32, 'segment size');
      if (type === PT_LOAD) loads.push({ offset, fileSize, vaddr: ph.readBigUInt64LE(at + 16) });
      else if (type === PT_NOTE && buildId === undefined && fileSize <= ELF_LIMITS.noteBytes && offset + fileSize <= src.size) {
        buildId = buildIdIn(bytes(src, offset, fileSize, 'a note segment'));
      }
    }
  }

  const symbols = (): SymbolTable => {
    if (shnum === 0) return new SymbolTable([]);
    if (shentsize < 64) throw new ElfError(`section header size ${shentsize} is too small`);
    if (shnum > ELF_LIMITS.sectionHeaders) throw new ElfError(`${shnum} section headers, more than ${ELF_LIMITS.sectionHeaders}`);
    const sh = bytes(src, shoff, shnum * shentsize, 'the section headers');
    const sections: Section[] = [];
    for (let i = 0; i < shnum; i++) {
      const at = i * shentsize;
      sections.push({
        type: sh.readUInt32LE(at + 4),
        offset: u64(sh, at + 24, 'section offset'),
        size: u64(sh, at + 32, 'section size'),
        link: sh.readUInt32LE(at + 40),
        entsize: u64(sh, at + 56, 'section entry size'),
      });
    }
    // .symtab has every function; a stripped file keeps only the exported ones in .dynsym
    const table = sections.find((s) => s.type === SHT_SYMTAB && s.size > 0) ?? sections.find((s) => s.type === SHT_DYNSYM && s.size > 0);
    if (!table) return new SymbolTable([]);
    return new SymbolTable(readSymbols(src, table, sections[table.link]));
  };
  return { buildId, loads, symbols };
}

function readSymbols(src: ByteSource, table: Section, strings: Section | undefined): SymbolEntry[] {
  if (!strings) throw new ElfError('the symbol table links to no string table');
  if (table.entsize !== 0 && table.entsize < SYM_SIZE) throw new ElfError(`symbol entry size ${table.entsize} is too small`);
  const entsize = table.entsize || SYM_SIZE;
  for (const [s, what] of [[table, 'symbol'], [strings, 'string']] as const) {
    if (s.size > ELF_LIMITS.tableBytes) throw new ElfError(`the ${what} table has ${s.size} bytes, more than ${ELF_LIMITS.tableBytes}`);
  }
  const syms = bytes(src, table.offset, table.size, 'the symbol table');
  const strs = bytes(src, strings.offset, strings.size, 'the string table');
  const out: SymbolEntry[] = [];
  for (let at = 0; at + SYM_SIZE <= syms.length; at += entsize) {
    const type = syms[at + 4]! & 0xf;
    const shndx = syms.readUInt16LE(at + 6);
    if ((type !== STT_FUNC && type !== STT_GNU_IFUNC) || shndx === 0) continue;
    const address = syms.readBigUInt64LE(at + 8);
    if (address === 0n) continue;
    const nameAt = syms.readUInt32LE(at);
    if (nameAt >= strs.length) continue;
    let end = strs.indexOf(0, nameAt);
    if (end < 0) end = strs.length;
    const name = strs.toString('utf8', nameAt, Math.min(end, nameAt + ELF_LIMITS.nameBytes));
    if (name) out.push({ address, size: syms.readBigUInt64LE(at + 16), name });
  }
  return out;
}

/** The virtual address that a file offset is loaded at, or undefined when no segment holds it. */
export function offsetToVaddr(loads: LoadSegment[], offset: number): bigint | undefined {
  for (const l of loads) {
    if (offset >= l.offset && offset < l.offset + Math.max(l.fileSize, 1)) return l.vaddr + BigInt(offset - l.offset);
  }
  return undefined;
}
