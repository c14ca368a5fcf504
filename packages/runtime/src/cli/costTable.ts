import { escapeTerminal } from '@gadgetry/errors';
import type { RunStats } from '../lifecycle/RunStats.js';
import type { RunCost } from '../lifecycle/runCost.js';
import { jsonText } from '../output/jsonText.js';

const NA = 'n/a';

/** ns as the unit that reads best: 812 ns, 3.4 us, 12.5 ms, 1.20 s. */
export function formatNs(ns: number): string {
  if (ns < 1_000) return `${Math.round(ns)} ns`;
  if (ns < 1_000_000) return `${(ns / 1_000).toFixed(1)} us`;
  if (ns < 1_000_000_000) return `${(ns / 1_000_000).toFixed(1)} ms`;
  return `${(ns / 1_000_000_000).toFixed(2)} s`;
}

/** Bytes in B, KiB or MiB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Rows as columns: each column as wide as its widest cell, numbers right-aligned. */
function aligned(rows: string[][], rightFrom: number): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) => r.map((cell, i) => (i >= rightFrom ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd())
    .join('\n');
}

function programRows(cost: RunCost): string[][] {
  return [
    ['PROGRAM', 'TYPE', 'ID', 'RUNS', 'RUN TIME', 'NS/RUN', 'MISSED'],
    ...cost.programs.map((p) => [
      escapeTerminal(p.name),
      escapeTerminal(p.type),
      String(p.id),
      p.runCount === null ? NA : String(p.runCount),
      p.runTimeNs === null ? NA : formatNs(Number(p.runTimeNs)),
      p.nsPerRun === null ? NA : p.nsPerRun.toFixed(1),
      String(p.recursionMisses),
    ]),
  ];
}

function mapRows(cost: RunCost): string[][] {
  return [
    ['MAP', 'TYPE', 'ID', 'ENTRIES', 'MEMORY'],
    ...cost.maps.map((m) => [escapeTerminal(m.name), escapeTerminal(m.type), String(m.id), String(m.maxEntries), m.bytes === null ? NA : formatBytes(m.bytes)]),
  ];
}

/** The totals line: BPF time (and per event), map memory, the runtime's CPU (and per event) and memory, events. */
function totals(stats: RunStats, cost: RunCost): string {
  const bpf =
    cost.bpfTimeNs === null
      ? `BPF time ${cost.runTime === 'not reported' ? 'not reported' : 'unavailable'}`
      : `BPF time ${formatNs(Number(cost.bpfTimeNs))}${cost.bpfNsPerEvent === null ? '' : ` (${formatNs(cost.bpfNsPerEvent)}/event)`}`;
  const cpu = `runtime CPU ${formatNs(cost.cpuMs * 1e6)}${cost.cpuUsPerEvent === null ? '' : ` (${formatNs(cost.cpuUsPerEvent * 1000)}/event)`}`;
  const rss = `RSS ${formatBytes(cost.rssBytes)} (peak ${formatBytes(cost.peakRssBytes)})`;
  const events = `${stats.events} events (${stats.eventsPerSecond}/s), ${stats.lost.kernel} lost in the kernel`;
  return `total: ${bpf}, map memory ${formatBytes(cost.mapBytes)}, ${cpu}, ${rss}, ${events}`;
}

/**
 * A run's cost as aligned text (--stats in column mode, on stderr): its
 * programs, its maps, then one line of totals. Run counts and run time the
 * kernel did not count read n/a (the run warned once why, and the JSON
 * record carries it as runTimeRefusal).
 */
export function costTable(stats: RunStats): string {
  const cost = stats.cost;
  if (!cost) return '';
  const when = stats.ended === 'running' ? `after ${(stats.durationMs / 1000).toFixed(1)} s (running)` : `over ${(stats.durationMs / 1000).toFixed(1)} s`;
  const parts = [`${escapeTerminal(stats.gadget)}: cost ${when}`];
  if (cost.programs.length) parts.push(aligned(programRows(cost), 2));
  if (cost.maps.length) parts.push(aligned(mapRows(cost), 2));
  if (cost.runTime === 'not reported') parts.push('the gadget reports no BPF objects');
  parts.push(totals(stats, cost));
  return `${parts.join('\n')}\n`;
}

/** A run's stats as the JSON record --stats writes with -o json: {"stats":{...}}, u64 counts with every digit. */
export function costJson(stats: RunStats, pretty = false): string {
  return `${jsonText({ stats }, pretty ? 2 : undefined)}\n`;
}
