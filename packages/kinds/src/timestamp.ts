import type { KindContext, KindFormat, TimestampFormat } from './KindFormat.js';
import { integerOf, parseInteger, plainText } from './rawValue.js';

const NS_PER_MS = 1_000_000n;
const pad = (n: number | bigint, width: number) => String(n).padStart(width, '0');

/** ns since the epoch of a boot-time timestamp; undefined without a clock or for 0 (never set). */
function epochNs(raw: unknown, ctx: KindContext): bigint | undefined {
  const ns = integerOf(raw);
  if (ns === undefined || ns === 0 || ns === 0n || !ctx.bootToEpochNs) return undefined;
  return BigInt(ns) + ctx.bootToEpochNs();
}

const NS_PER_S = 1_000_000_000n;
// Events come in bursts within the same second: the date and time up to the
// second is formatted once per second, not once per event (-o json at
// hundreds of thousands of events a second).
let lastSecond: bigint | undefined;
let lastPrefix = '';

/** RFC 3339 in UTC with nanoseconds: 2026-11-24T09:15:02.123456789Z. */
export function rfc3339Nano(epoch: bigint): string {
  let second = epoch / NS_PER_S;
  let fraction = epoch - second * NS_PER_S;
  if (fraction < 0n) {
    second -= 1n;
    fraction += NS_PER_S;
  }
  if (second !== lastSecond) {
    const d = new Date(Number(second) * 1000);
    lastPrefix = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.`;
    lastSecond = second;
  }
  // nine digits with leading zeros: the digits of 1e9 + fraction after the leading 1
  return `${lastPrefix}${String(1_000_000_000 + Number(fraction)).slice(1)}Z`;
}

/** Time of day with microseconds, local or UTC: 09:15:02.123456. */
function timeOfDay(epoch: bigint, utc: boolean): string {
  const d = new Date(Number(epoch / NS_PER_MS));
  const [h, m, s] = utc ? [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()] : [d.getHours(), d.getMinutes(), d.getSeconds()];
  const micros = ((epoch % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n / 1000n;
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}.${pad(micros, 6)}`;
}

const WIDTHS: Record<TimestampFormat, number> = { time: 15, rfc3339: 30, raw: 16 };

/** ns since the epoch of a wall-clock time a user typed: RFC 3339, or a time of day (today, local or UTC). */
function epochOfInput(input: string, utc: boolean): bigint | undefined {
  const t = input.trim();
  const fraction = (digits: string | undefined) => BigInt((digits ?? '').padEnd(9, '0').slice(0, 9));
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/.exec(t);
  if (clock) {
    const now = new Date();
    const day = utc ? Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) : new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
    const seconds = Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3] ?? 0);
    if (Number(clock[1]) > 23 || Number(clock[2]) > 59 || Number(clock[3] ?? 0) > 59) return undefined;
    return BigInt(day) * NS_PER_MS + BigInt(seconds) * 1_000_000_000n + fraction(clock[4]);
  }
  const full = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i.exec(t);
  if (!full) return undefined;
  const ms = Date.parse(`${full[1]!.replace(' ', 'T')}${full[3]!.toUpperCase()}`);
  return Number.isNaN(ms) ? undefined : BigInt(ms) * NS_PER_MS + fraction(full[2]);
}

/**
 * timestamp: ns since boot (bpf_ktime_get_boot_ns) as wall-clock time,
 * through the context's CLOCK_REALTIME - CLOCK_BOOTTIME. Columns show the
 * time of day (or --timestamp-format rfc3339 / raw); JSON always RFC 3339
 * with nanoseconds. 0 (never set) shows as nothing. Users compare with raw
 * ns, an RFC 3339 time or a time of day today (`timestamp:>14:05:00`).
 */
export const timestampKind: KindFormat = {
  text(raw, ctx) {
    const format = ctx.timestampFormat ?? 'time';
    if (format === 'raw') return plainText(raw);
    const epoch = epochNs(raw, ctx);
    if (epoch === undefined) return integerOf(raw) === undefined || !ctx.bootToEpochNs ? plainText(raw) : '';
    return format === 'rfc3339' ? rfc3339Nano(epoch) : timeOfDay(epoch, ctx.utc === true);
  },
  json(raw, ctx) {
    const epoch = epochNs(raw, ctx);
    if (epoch === undefined) return integerOf(raw) === undefined || !ctx.bootToEpochNs ? plainText(raw) : '';
    return rfc3339Nano(epoch);
  },
  parse(input, ctx) {
    const n = parseInteger(input);
    if (n !== undefined) return n;
    const epoch = epochOfInput(input, ctx.utc === true);
    if (epoch === undefined || !ctx.bootToEpochNs) return undefined;
    const boot = epoch - ctx.bootToEpochNs();
    return boot >= BigInt(Number.MIN_SAFE_INTEGER) && boot <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(boot) : boot;
  },
  width: (ctx) => WIDTHS[ctx.timestampFormat ?? 'time'],
  rawWidth: 16,
  align: 'left',
  example: 'ns since boot, an RFC 3339 time or a time of day, e.g. 14:05:00.5',
};

