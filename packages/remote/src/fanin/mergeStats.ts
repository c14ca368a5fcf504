import type { RunStats } from '@gadgetry/runtime';

type Counts = Record<string, number>;

function addCounts(into: Counts, from: Counts): void {
  for (const [k, v] of Object.entries(from)) if (typeof v === 'number') into[k] = (into[k] ?? 0) + v;
}

/** The stats of a run on many nodes: counts added up, the longest duration, how the first node that did not fail ended. */
export function mergeStats(all: RunStats[]): RunStats | undefined {
  if (all.length === 0) return undefined;
  if (all.length === 1) return all[0];
  const first = all[0]!;
  const lost: Counts = {};
  const lostByReason: Counts = {};
  const invalid: Counts = {};
  let events = 0;
  let durationMs = 0;
  for (const s of all) {
    events += s.events;
    durationMs = Math.max(durationMs, s.durationMs);
    const { byReason, ...where } = s.lost as unknown as Counts & { byReason: Counts };
    addCounts(lost, where);
    addCounts(lostByReason, byReason);
    addCounts(invalid, s.invalid as unknown as Counts);
  }
  // a node that failed while others went on was said as a warning; the run failed only if every node did
  const ended = all.find((s) => s.ended !== 'failed')?.ended ?? 'failed';
  const eventsPerSecond = durationMs > 0 ? Math.round((events * 10_000) / durationMs) / 10 : 0;
  return { ...first, ended, events, durationMs, eventsPerSecond, lost: { ...lost, byReason: lostByReason } as unknown as RunStats['lost'], invalid: invalid as unknown as RunStats['invalid'] };
}
