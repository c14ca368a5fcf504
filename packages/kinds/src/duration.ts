import type { KindFormat } from './KindFormat.js';
import { integerOf, parseInteger, plainText } from './rawValue.js';

const UNITS: [string, number][] = [['ns', 1], ['us', 1e3], ['µs', 1e3], ['ms', 1e6], ['s', 1e9], ['m', 60e9], ['h', 3600e9]];

/** One decimal below 100 of a unit, none above: 850ns, 12.3µs, 456ms, 3.4s. */
const scaled = (ns: number, unit: number, name: string) => {
  const v = ns / unit;
  return `${v < 100 ? v.toFixed(1) : Math.round(v)}${name}`;
};

/** A duration in ns as people read it: 850ns, 12.3µs, 1.2ms, 3.4s, 2m03s, 1h02m. */
export function formatDuration(ns: number | bigint): string {
  const negative = ns < 0;
  const abs = Number(negative ? -BigInt(ns) : BigInt(ns));
  const sign = negative ? '-' : '';
  if (abs < 1e3) return `${sign}${abs}ns`;
  if (abs < 1e6) return sign + scaled(abs, 1e3, 'µs');
  if (abs < 1e9) return sign + scaled(abs, 1e6, 'ms');
  if (abs < 60e9) return sign + scaled(abs, 1e9, 's');
  const seconds = Math.floor(abs / 1e9);
  if (seconds < 3600) return `${sign}${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${sign}${Math.floor(seconds / 3600)}h${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}m`;
}

/** "1.5ms", "250us", "2s", "1h" or a number of ns, as ns. */
export function parseDuration(input: string): number | bigint | undefined {
  const n = parseInteger(input);
  if (n !== undefined) return n;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s|m|h)\s*$/i.exec(input);
  if (!m) return undefined;
  const unit = UNITS.find(([u]) => u === m[2]!.toLowerCase())![1];
  return Math.round(Number(m[1]) * unit);
}

/** duration: ns as 1.2ms, 3.4s; users compare with 1.5ms, 250us or a number of ns. */
export const durationKind: KindFormat = {
  text(raw) {
    const n = integerOf(raw);
    return n === undefined ? plainText(raw) : formatDuration(n);
  },
  parse: (input) => parseDuration(input),
  width: () => 8,
  rawWidth: 12,
  align: 'right',
  example: 'a duration, e.g. 1.5ms, 250us, 2s, or a number of ns',
};
