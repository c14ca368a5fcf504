// Reads the BTF section of a compiled BPF object (a 64-bit little-endian ELF
// relocatable file, as clang -target bpf writes it): the type graph the event
// schemas are generated from. No kernel, no libbpf: the build may run where
// neither is usable.
import { BuildError } from './BuildError.mjs';

const KINDS = [
  'void', 'int', 'ptr', 'array', 'struct', 'union', 'enum', 'fwd', 'typedef', 'volatile', 'const',
  'restrict', 'func', 'func_proto', 'var', 'datasec', 'float', 'decl_tag', 'type_tag', 'enum64',
];
const BTF_MAGIC = 0xeb9f;
const INT_SIGNED = 1;
const INT_CHAR = 2;
const INT_BOOL = 4;

/**
 * @typedef {{ name: string, type: number, bitOffset: number, bitfieldSize: number }} BtfMember
 * @typedef {{
 *   id: number, kind: string, name: string, size?: number, type?: number,
 *   signed?: boolean, char?: boolean, bool?: boolean, bits?: number,
 *   members?: BtfMember[], elementType?: number, count?: number, componentIdx?: number,
 * }} BtfType
 */

/** @param {string} what */
const corrupt = (what) => new BuildError('BTF_INVALID', `the object's BTF is unreadable: ${what}`);

/**
 * The `.BTF` section of an ELF object.
 * @param {Buffer} elf
 * @returns {Buffer}
 */
export function btfSection(elf) {
  if (elf.length < 64 || elf.readUInt32BE(0) !== 0x7f454c46) throw new BuildError('BTF_INVALID', 'not an ELF object');
  if (elf[4] !== 2 || elf[5] !== 1) throw new BuildError('BTF_INVALID', 'not a 64-bit little-endian ELF object (clang -target bpf on this machine writes one)');
  const shoff = Number(elf.readBigUInt64LE(0x28));
  const shentsize = elf.readUInt16LE(0x3a);
  const shnum = elf.readUInt16LE(0x3c);
  const shstrndx = elf.readUInt16LE(0x3e);
  if (shentsize < 64 || shnum === 0 || shstrndx >= shnum || shoff + shnum * shentsize > elf.length) throw new BuildError('BTF_INVALID', 'the ELF section table is damaged');
  const section = (/** @type {number} */ i) => {
    const at = shoff + i * shentsize;
    const offset = Number(elf.readBigUInt64LE(at + 24));
    const size = Number(elf.readBigUInt64LE(at + 32));
    if (offset + size > elf.length) throw new BuildError('BTF_INVALID', `ELF section ${i} lies past the end of the file`);
    return { nameOff: elf.readUInt32LE(at), offset, size };
  };
  const names = section(shstrndx);
  for (let i = 0; i < shnum; i++) {
    const s = section(i);
    if (cString(elf, names.offset + s.nameOff, names.offset + names.size) === '.BTF') return elf.subarray(s.offset, s.offset + s.size);
  }
  throw new BuildError('BTF_INVALID', 'the object has no .BTF section (compile with clang -g; llvm-strip -g keeps it)');
}

/**
 * @param {Buffer} b
 * @param {number} start
 * @param {number} limit
 */
function cString(b, start, limit) {
  if (start >= limit) return '';
  const end = b.indexOf(0, start);
  if (end < 0 || end >= limit) throw corrupt('a name runs past its string table');
  return b.toString('latin1', start, end);
}

/**
 * Every type of the object's BTF, by id (0 is void).
 * @param {Buffer} elf the object file's bytes
 * @returns {BtfType[]}
 */
export function readBtf(elf) {
  const btf = btfSection(elf);
  if (btf.length < 24 || btf.readUInt16LE(0) !== BTF_MAGIC) throw corrupt('bad magic');
  const hdrLen = btf.readUInt32LE(4);
  const typeStart = hdrLen + btf.readUInt32LE(8);
  const typeEnd = typeStart + btf.readUInt32LE(12);
  const strStart = hdrLen + btf.readUInt32LE(16);
  const strEnd = strStart + btf.readUInt32LE(20);
  if (typeEnd > btf.length || strEnd > btf.length) throw corrupt('sections past its end');
  const name = (/** @type {number} */ off) => cString(btf, strStart + off, strEnd);
  /** @type {BtfType[]} */
  const types = [{ id: 0, kind: 'void', name: '' }];
  let at = typeStart;
  const need = (/** @type {number} */ n) => {
    if (at + n > typeEnd) throw corrupt(`type ${types.length} is cut short`);
  };
  while (at < typeEnd) {
    need(12);
    const info = btf.readUInt32LE(at + 4);
    const vlen = info & 0xffff;
    const kind = KINDS[(info >>> 24) & 0x1f];
    const kindFlag = info >>> 31 === 1;
    const sizeOrType = btf.readUInt32LE(at + 8);
    /** @type {BtfType} */
    const t = { id: types.length, kind: kind ?? 'unknown', name: name(btf.readUInt32LE(at)) };
    at += 12;
    switch (kind) {
      case 'int': {
        need(4);
        const enc = btf.readUInt32LE(at);
        at += 4;
        Object.assign(t, { size: sizeOrType, signed: ((enc >>> 24) & INT_SIGNED) !== 0, char: ((enc >>> 24) & INT_CHAR) !== 0, bool: ((enc >>> 24) & INT_BOOL) !== 0, bits: enc & 0xff });
        break;
      }
      case 'array':
        need(12);
        Object.assign(t, { elementType: btf.readUInt32LE(at), count: btf.readUInt32LE(at + 8) });
        at += 12;
        break;
      case 'struct':
      case 'union': {
        need(12 * vlen);
        t.size = sizeOrType;
        t.members = [];
        for (let i = 0; i < vlen; i++, at += 12) {
          const off = btf.readUInt32LE(at + 8);
          t.members.push({
            name: name(btf.readUInt32LE(at)),
            type: btf.readUInt32LE(at + 4),
            bitOffset: kindFlag ? off & 0xffffff : off,
            bitfieldSize: kindFlag ? off >>> 24 : 0,
          });
        }
        break;
      }
      case 'enum':
        need(8 * vlen);
        Object.assign(t, { size: sizeOrType, signed: kindFlag });
        at += 8 * vlen;
        break;
      case 'enum64':
        need(12 * vlen);
        Object.assign(t, { size: sizeOrType, signed: kindFlag });
        at += 12 * vlen;
        break;
      case 'func_proto':
        need(8 * vlen);
        t.type = sizeOrType;
        at += 8 * vlen;
        break;
      case 'var':
        need(4);
        t.type = sizeOrType;
        at += 4;
        break;
      case 'datasec':
        need(12 * vlen);
        t.size = sizeOrType;
        at += 12 * vlen;
        break;
      case 'decl_tag':
        need(4);
        Object.assign(t, { type: sizeOrType, componentIdx: btf.readInt32LE(at) });
        at += 4;
        break;
      case 'float':
        t.size = sizeOrType;
        break;
      case 'ptr':
      case 'fwd':
      case 'typedef':
      case 'volatile':
      case 'const':
      case 'restrict':
      case 'func':
      case 'type_tag':
        t.type = sizeOrType;
        break;
      default:
        throw corrupt(`type ${t.id} has unknown kind ${(info >>> 24) & 0x1f}`);
    }
    types.push(t);
  }
  return types;
}
