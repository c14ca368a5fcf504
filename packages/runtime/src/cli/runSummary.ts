import { escapeTerminal } from '@gadgetry/errors';
import { addLostEvents, copyLostEvents } from '../lifecycle/lostEvents.js';
import type { RunStats } from '../lifecycle/RunStats.js';

/** The run's stats with the events the CLI's own output dropped added (output_behind), and those an attached reader lost (reader_behind). */
export function withOutputLosses(stats: RunStats, dropped: number, readerLost = 0): RunStats {
  if (dropped <= 0 && readerLost <= 0) return stats;
  const lost = copyLostEvents(stats.lost);
  if (dropped > 0) addLostEvents(lost, 'output_behind', dropped);
  if (readerLost > 0) addLostEvents(lost, 'reader_behind', readerLost);
  return { ...stats, lost };
}

const counted = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The line every run ends with on stderr:
 * `trace_open: 12345 events in 5.0 s, 0 lost`, with the lost events by
 * reason and the invalid ones by kind when there are any.
 */
export function summaryLine(stats: RunStats): string {
  const { lost, invalid } = stats;
  let line = `${escapeTerminal(stats.gadget)}: ${counted(stats.events, 'event', 'events')} in ${(stats.durationMs / 1000).toFixed(1)} s, ${lost.total} lost`;
  const reasons = Object.entries(lost.byReason).filter(([, n]) => n > 0);
  if (reasons.length) line += ` (${reasons.map(([reason, n]) => `${n} ${reason}`).join(', ')})`;
  const bad = invalid.notObject + invalid.mismatched;
  if (bad) {
    const kinds = [invalid.notObject && counted(invalid.notObject, 'not an object', 'not objects'), invalid.mismatched && `${invalid.mismatched} not matching the schema`];
    line += `, ${bad} invalid (${kinds.filter(Boolean).join(', ')})`;
  }
  return `${line}\n`;
}

/** The summary for machines (-o json): one JSON object on one line, `{"summary":{...}}`. */
export function summaryJson(stats: RunStats): string {
  // the cost (with its u64 counts) is --stats' own record, {"stats":...}
  const { cost: _cost, ...summary } = stats;
  return `${JSON.stringify({ summary })}\n`;
}
