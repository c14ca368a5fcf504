import type { RunState } from './RunState.js';

const mib = (b: unknown) => (typeof b === 'number' ? `${(b / 1048576).toFixed(1)} MiB` : '–');
const ms = (ns: unknown) => (typeof ns === 'bigint' || typeof ns === 'number' ? `${(Number(ns) / 1e6).toFixed(1)} ms` : '–');

/** The run's cost and counts: what --stats reports, refreshed each second. */
export function StatsPanel({ state }: { state: RunState }) {
  const s = state.stats as
    | { events: number; eventsPerSecond: number; durationMs: number; lost: { total: number }; cost?: { bpfTimeNs: bigint | null; mapBytes: number; cpuMs: number; rssBytes: number; runTime: string } }
    | undefined;
  const c = s?.cost;
  const item = (id: string, label: string, value: string) => (
    <div class="stat" id={`stat-${id}`}>
      <span class="label">{label}</span>
      <span class="value">{value}</span>
    </div>
  );
  return (
    <aside class="stats">
      {item('events', 'events', String(s?.events ?? state.events.seen))}
      {item('rate', 'events/s', String(s?.eventsPerSecond ?? '–'))}
      {item('lost', 'lost', String(s?.lost.total ?? state.lost))}
      {item('missed', 'missed by this page', String(state.missed))}
      {item('bpf', 'BPF run time', c ? (c.runTime === 'counted' ? ms(c.bpfTimeNs) : c.runTime) : '–')}
      {item('maps', 'map memory', mib(c?.mapBytes))}
      {item('cpu', 'runtime CPU', c ? `${(c.cpuMs / 1000).toFixed(2)} s` : '–')}
      {item('rss', 'runtime RSS', mib(c?.rssBytes))}
    </aside>
  );
}
