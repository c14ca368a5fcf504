import { Value } from '@sinclair/typebox/value';
import { escapeTerminal } from '@gadgetry/errors';
import { HistogramResult, type Histogram } from '@gadgetry/sdk';

/** Characters of the widest bar: the slot with the most values. */
export const BAR_WIDTH = 40;

/** Whether a gadget's result is a histogram the outputs know how to show. */
export function isHistogramResult(result: unknown): result is HistogramResult {
  return typeof result === 'object' && result !== null && (result as { type?: unknown }).type === 'histogram' && Value.Check(HistogramResult, result);
}

const MIN_RANGE_WIDTH = 10;
const MIN_COUNT_WIDTH = 8;

/** Stars for `count` when the fullest slot holds `max`: a slot with any value shows at least one. */
function stars(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.max(1, Math.floor((count * BAR_WIDTH) / max));
}

function oneHistogram(h: Histogram, unit: string): string {
  if (h.slots.length === 0) return 'no values counted\n';
  const lows = h.slots.map((s) => String(s.low));
  const highs = h.slots.map((s) => String(s.high));
  const counts = h.slots.map((s) => String(s.count));
  // bcc's widths, widened for what does not fit
  const lowWidth = Math.max(MIN_RANGE_WIDTH, unit.length, ...lows.map((t) => t.length));
  const highWidth = Math.max(MIN_RANGE_WIDTH, ...highs.map((t) => t.length));
  const countWidth = Math.max(MIN_COUNT_WIDTH, ...counts.map((t) => t.length));
  const max = Math.max(...h.slots.map((s) => s.count));
  let out = `${unit.padStart(lowWidth)}${' '.repeat(4 + highWidth)} : ${'count'.padEnd(countWidth)} distribution\n`;
  h.slots.forEach((s, i) => {
    const bar = '*'.repeat(stars(s.count, max)).padEnd(BAR_WIDTH);
    out += `${lows[i]!.padStart(lowWidth)} -> ${highs[i]!.padEnd(highWidth)} : ${counts[i]!.padEnd(countWidth)} |${bar}|\n`;
  });
  return out;
}

/**
 * A histogram result as the columns output prints it, like bcc's tools: per
 * histogram, its key (`disk = sda`) when it has one, then one line per slot
 * with the aligned range, the count and a bar scaled to the fullest slot:
 *
 * ```
 *      usecs               : count    distribution
 *          0 -> 1          : 0        |                                        |
 *         64 -> 127        : 12       |****************************************|
 * ```
 *
 * Names the gadget read from the kernel (disks, commands) are escaped.
 */
export function histogramText(result: HistogramResult): string {
  const unit = escapeTerminal(result.unit);
  if (result.histograms.length === 0) return 'no values counted\n';
  return result.histograms
    .map((h) => {
      const title = h.key === undefined ? '' : `${escapeTerminal(result.keyName ?? 'key')} = ${escapeTerminal(h.key)}\n`;
      return `${title}${oneHistogram(h, unit)}`;
    })
    .join('\n');
}
