import type { KindContext, KindFormat } from './KindFormat.js';
import { parseInteger, plainText, smallIntegerOf } from './rawValue.js';

/** One name of a flag set: the bits that must all be set for it. */
export interface FlagName {
  name: string;
  bits: number;
}

export interface FlagSetOptions {
  /** Flag names in the order they are written, widest first where they overlap, for the context given. */
  flags(ctx: KindContext): readonly FlagName[];
  /** A field of the low bits that holds one value rather than flags (open(2)'s access mode). */
  lead?: { mask: number; names: ReadonlyMap<number, string> };
  /** Bits that mean nothing and are left out (mount(2)'s magic number). */
  ignore?(value: number): number;
  /** What 0 shows as when the lead does not name it. */
  zero: string;
  width: number;
  example: string;
}

const unsigned = (n: number) => n >>> 0;

/**
 * `NAME value` lines as flag names. Kernel constant names are written as
 * text so the scan of the sources does not take them for error codes.
 */
export function flagTable(text: string): FlagName[] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [name, bits] = line.trim().split(/\s+/);
      return { name: name!, bits: Number(bits) };
    });
}

/**
 * A kind whose value is a set of flags, written NAME|NAME|0x...: the lead's
 * name, then each name whose bits are all set, then in hex the bits no name
 * covers. Users type names joined by | (any case) or a number.
 */
export function flagSet(o: FlagSetOptions): KindFormat {
  const compose = (value: number, flags: readonly FlagName[]): string => {
    let rest = unsigned(value);
    if (o.ignore) rest = unsigned(rest & ~o.ignore(rest));
    const parts: string[] = [];
    const lead = o.lead?.names.get(rest & o.lead.mask);
    if (lead !== undefined) {
      parts.push(lead);
      rest = unsigned(rest & ~o.lead!.mask);
    }
    for (const f of flags) {
      if (f.bits !== 0 && (rest & f.bits) === f.bits) {
        parts.push(f.name);
        rest = unsigned(rest & ~f.bits);
      }
    }
    if (rest !== 0) parts.push(`0x${rest.toString(16)}`);
    return parts.length ? parts.join('|') : o.zero;
  };
  // A field's flags take few distinct values (O_RDONLY|O_CLOEXEC on most opens):
  // each is composed once, not per event. Bounded, and redone for another flag list.
  const cache = new Map<number, string>();
  let cachedFor: readonly FlagName[] | undefined;
  const text = (value: number, ctx: KindContext): string => {
    const flags = o.flags(ctx);
    if (flags !== cachedFor) {
      cache.clear();
      cachedFor = flags;
    }
    let t = cache.get(value);
    if (t === undefined) {
      if (cache.size >= 1024) cache.clear();
      t = compose(value, flags);
      cache.set(value, t);
    }
    return t;
  };
  return {
    text(raw, ctx) {
      const n = smallIntegerOf(raw);
      return n === undefined || n < -0x80000000 || n > 0xffffffff ? plainText(raw) : text(n, ctx);
    },
    parse(input, ctx) {
      const n = parseInteger(input);
      if (n !== undefined) return n;
      let bits = 0;
      for (const part of input.split('|')) {
        const name = part.trim().toUpperCase();
        const lead = o.lead ? [...o.lead.names].find(([, n]) => n === name) : undefined;
        const flag = o.flags(ctx).find((f) => f.name === name);
        if (lead) bits |= lead[0];
        else if (flag) bits |= flag.bits;
        else return undefined;
      }
      return unsigned(bits);
    },
    width: () => o.width,
    align: 'left',
    example: o.example,
  };
}
