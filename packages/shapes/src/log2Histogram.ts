import type { Histogram, HistogramSlot } from '@gadgetry/sdk';

/** Slots of struct gadget_histogram (<gadgetry/histogram.h>). */
export const HISTOGRAM_SLOTS = 48;

/** The values `slot` of a log2 histogram counts: 0-1, then 2^i to 2^(i+1)-1. */
export function log2SlotBounds(slot: number): { low: number; high: number } {
  return slot === 0 ? { low: 0, high: 1 } : { low: 2 ** slot, high: 2 ** (slot + 1) - 1 };
}

/** The slot gadget_log2_slot() puts `value` in (for tests and user-space histograms). */
export function log2Slot(value: number): number {
  return value < 2 ? 0 : Math.min(HISTOGRAM_SLOTS - 1, Math.floor(Math.log2(value)));
}

/** The counts of a struct gadget_histogram as the kernel wrote it: u64s, little-endian. */
export function histogramCounts(value: Buffer): number[] {
  const counts = new Array<number>(Math.floor(value.length / 8));
  for (let i = 0; i < counts.length; i++) counts[i] = Number(value.readBigUInt64LE(i * 8));
  return counts;
}

/** Adds `more` into `into`, slot by slot. */
export function addCounts(into: number[], more: readonly number[]): number[] {
  for (let i = 0; i < more.length; i++) into[i] = (into[i] ?? 0) + more[i]!;
  return into;
}

/**
 * A histogram of log2 slot counts, as the SDK's result carries it: the
 * slots from the first to the last non-empty one (none when all are empty).
 */
export function log2Histogram(counts: readonly number[], key?: string): Histogram {
  let last = counts.length - 1;
  while (last >= 0 && counts[last] === 0) last--;
  const slots: HistogramSlot[] = [];
  let total = 0;
  for (let i = 0; i <= last; i++) {
    slots.push({ ...log2SlotBounds(i), count: counts[i]! });
    total += counts[i]!;
  }
  return key === undefined ? { total, slots } : { key, total, slots };
}
