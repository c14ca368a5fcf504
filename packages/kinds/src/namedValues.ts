import type { KindContext, KindFormat } from './KindFormat.js';
import { parseInteger, plainText, smallIntegerOf } from './rawValue.js';

export interface NamedValuesOptions {
  /** value -> name, for the context given. */
  names(ctx: KindContext): ReadonlyMap<number, string> | undefined;
  /** A prefix users may leave out when they type a name (`SIG` of SIGTERM, `CAP_`, `AF_`). */
  prefix?: string;
  /** The readable form of 0, when 0 means "none" rather than a name (errno). */
  zero?: string;
  /** Column width; by default the longest name's, up to MAX_WIDTH, so no name is cut. */
  width?: number;
  example: string;
}

/**
 * Words of a table written as text (a template literal, one name after the
 * other): kernel constant names written so are not taken for error codes by
 * the scan of the sources. `-` stands for a value without a name.
 */
export const words = (text: string): (string | undefined)[] => text.trim().split(/\s+/).map((w) => (w === '-' ? undefined : w));

/** Names as a map, from a list where the index is the value (holes are unnamed). */
export function namesByIndex(list: readonly (string | undefined)[]): ReadonlyMap<number, string> {
  const map = new Map<number, string>();
  list.forEach((name, value) => {
    if (name) map.set(value, name);
  });
  return map;
}

/** The widest a named column gets by default: the rare longer names are cut. */
export const MAX_WIDTH = 24;

const widths = new WeakMap<ReadonlyMap<number, string>, number>();

/** The longest name of a table, up to MAX_WIDTH. */
function widthOf(names: ReadonlyMap<number, string> | undefined): number {
  if (!names) return 8;
  let w = widths.get(names);
  if (w === undefined) {
    w = Math.min(MAX_WIDTH, Math.max(4, ...[...names.values()].map((n) => n.length)));
    widths.set(names, w);
  }
  return w;
}

/** Reverse lookups, built once per table: upper-cased name (with and without the prefix) -> value. */
const reverse = new WeakMap<ReadonlyMap<number, string>, Map<string, number>>();

function valuesOf(names: ReadonlyMap<number, string>, prefix: string | undefined): Map<string, number> {
  let out = reverse.get(names);
  if (out) return out;
  out = new Map();
  for (const [value, name] of names) {
    const upper = name.toUpperCase();
    if (!out.has(upper)) out.set(upper, value);
    if (prefix && upper.startsWith(prefix) && !out.has(upper.slice(prefix.length))) out.set(upper.slice(prefix.length), value);
  }
  reverse.set(names, out);
  return out;
}

/**
 * A kind whose values are names from a table (errno, signals, capabilities,
 * protocols...): a value the table does not name shows as its number, and a
 * user may type the name (any case, prefix optional) or the number.
 */
export function namedValues(o: NamedValuesOptions): KindFormat {
  return {
    text(raw, ctx) {
      const n = smallIntegerOf(raw);
      if (n === undefined) return plainText(raw);
      if (n === 0 && o.zero !== undefined) return o.zero;
      return o.names(ctx)?.get(n) ?? String(n);
    },
    parse(input, ctx) {
      const number = parseInteger(input);
      if (number !== undefined) return number;
      const names = o.names(ctx);
      if (!names) return undefined;
      const prefix = o.prefix?.toUpperCase();
      const values = valuesOf(names, prefix);
      const typed = input.trim().toUpperCase();
      return values.get(typed) ?? (prefix && typed.startsWith(prefix) ? values.get(typed.slice(prefix.length)) : undefined);
    },
    width: (ctx) => o.width ?? widthOf(o.names(ctx)),
    align: 'left',
    example: o.example,
  };
}
