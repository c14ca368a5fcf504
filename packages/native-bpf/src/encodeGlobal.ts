import type { GlobalInfo } from './addon.js';
import { BpfError } from './errors.js';

export type GlobalValue = number | bigint | boolean | string;

function bad(g: GlobalInfo, value: GlobalValue, why: string): never {
  throw new BpfError('BPF_GLOBAL_INVALID', `cannot set global ${g.name} to ${JSON.stringify(String(value))}: ${why}`);
}

/** Encodes a JavaScript value as the bytes of a BPF global, typed by its BTF. */
export function encodeGlobal(g: GlobalInfo, value: GlobalValue): Buffer {
  const buf = Buffer.alloc(g.size);
  const t = g.type;
  if (t.kind === 'bool') {
    buf.writeUInt8(value ? 1 : 0);
    return buf;
  }
  if (t.kind === 'int') {
    if (typeof value === 'string') bad(g, value, 'expected a number');
    const n = typeof value === 'boolean' ? BigInt(value ? 1 : 0) : BigInt(value);
    const bits = BigInt(g.size * 8);
    const min = t.signed ? -(1n << (bits - 1n)) : 0n;
    const max = t.signed ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
    if (n < min || n > max) bad(g, value, `out of range for a ${t.signed ? 'signed' : 'unsigned'} ${g.size * 8}-bit integer`);
    if (g.size === 8) t.signed ? buf.writeBigInt64LE(n) : buf.writeBigUInt64LE(n);
    else if (t.signed) buf.writeIntLE(Number(n), 0, g.size);
    else buf.writeUIntLE(Number(n), 0, g.size);
    return buf;
  }
  if (t.kind === 'array' && t.element?.char) {
    const bytes = Buffer.from(String(value), 'utf8');
    if (bytes.length >= g.size) bad(g, value, `longer than ${g.size - 1} bytes`);
    bytes.copy(buf);
    return buf;
  }
  return bad(g, value, `globals of kind ${t.kind} cannot be set from JavaScript`);
}
