import { readFileSync } from 'node:fs';

export const KERNEL_BTF = '/sys/kernel/btf/vmlinux';

const BTF_MAGIC = 0xeb9f;
const KIND_ENUM = 6;
const KIND_ENUM64 = 19;

/** Bytes that follow a type's 12-byte header, by kind (include/uapi/linux/btf.h). */
function trailing(kind: number, vlen: number): number {
  switch (kind) {
    case 1: // int
    case 14: // var
    case 17: // decl_tag
      return 4;
    case 3: // array
      return 12;
    case 4: // struct
    case 5: // union
    case 15: // datasec
    case 19: // enum64
      return 12 * vlen;
    case 6: // enum
    case 13: // func_proto
      return 8 * vlen;
    default: // void, ptr, fwd, typedef, volatile, const, restrict, func, float, type_tag
      return 0;
  }
}

function cString(b: Buffer, start: number, end: number): string {
  const nul = b.indexOf(0, start);
  return b.toString('latin1', start, nul < 0 || nul > end ? end : nul);
}

/**
 * The values of `enum <name>` in a BTF blob (the kernel's /sys/kernel/btf/vmlinux),
 * value -> enumerator name; undefined when the file cannot be read, is not
 * BTF, or has no such enum. Reads the type section once, linearly.
 */
export function readBtfEnum(name: string, path = KERNEL_BTF): Map<number, string> | undefined {
  let b: Buffer;
  try {
    b = readFileSync(path);
  } catch {
    return undefined;
  }
  if (b.length < 24 || b.readUInt16LE(0) !== BTF_MAGIC) return undefined;
  const hdrLen = b.readUInt32LE(4);
  const typeStart = hdrLen + b.readUInt32LE(8);
  const typeEnd = typeStart + b.readUInt32LE(12);
  const strStart = hdrLen + b.readUInt32LE(16);
  const strEnd = strStart + b.readUInt32LE(20);
  if (typeEnd > b.length || strEnd > b.length) return undefined;
  const str = (off: number) => (off < strEnd - strStart ? cString(b, strStart + off, strEnd) : '');
  for (let at = typeStart; at + 12 <= typeEnd; ) {
    const info = b.readUInt32LE(at + 4);
    const kind = (info >>> 24) & 0x1f;
    const vlen = info & 0xffff;
    const body = at + 12;
    const next = body + trailing(kind, vlen);
    if (next > typeEnd) return undefined;
    if ((kind === KIND_ENUM || kind === KIND_ENUM64) && str(b.readUInt32LE(at)) === name) {
      const out = new Map<number, string>();
      const signed = (info >>> 31) === 1;
      for (let i = 0; i < vlen; i++) {
        const e = kind === KIND_ENUM ? body + 8 * i : body + 12 * i;
        const value = kind === KIND_ENUM ? (signed ? b.readInt32LE(e + 4) : b.readUInt32LE(e + 4)) : b.readUInt32LE(e + 4) + b.readUInt32LE(e + 8) * 2 ** 32;
        if (!out.has(value)) out.set(value, str(b.readUInt32LE(e)));
      }
      return out;
    }
    at = next;
  }
  return undefined;
}
