import { FlameGraph, type StackProfileValue } from './FlameGraph.js';
import { Histograms, type HistogramValue } from './Histograms.js';
import type { RunState } from './RunState.js';

const isProfile = (v: unknown): v is StackProfileValue => (v as { type?: unknown } | null)?.type === 'stack-profile';
const isHistogram = (v: unknown): v is HistogramValue => (v as { type?: unknown } | null)?.type === 'histogram';

/** A profile gadget: its histograms as bars each interval, its stacks as a flame graph. */
export function ProfileView({ state }: { state: RunState }) {
  const r = state.result;
  if (isProfile(r)) return <FlameGraph profile={r} />;
  if (isHistogram(r)) return <Histograms result={r} />;
  if (r !== undefined) return <pre class="result">{JSON.stringify(r, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x), 2)}</pre>;
  return <p class="waiting">{state.ended ? 'The run ended without a result.' : 'Collecting; the result shows at the end of the run or of each interval.'}</p>;
}
