import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import type { RunState } from './RunState.js';

const WINDOW = 120;

/** Every second of the window, with the counts of the seconds that had any (0 for the others). */
function lastSeconds([t, events, lost]: [number[], number[], number[]], now: number): uPlot.AlignedData {
  const at = new Map(t.map((s, i) => [s, i]));
  const xs = Array.from({ length: WINDOW }, (_, i) => now - WINDOW + 1 + i);
  const of = (a: number[]) => xs.map((s) => (at.has(s) ? a[at.get(s)!]! : 0));
  return [xs, of(events), of(lost)];
}

/** Events and lost events per second over the last two minutes. */
export function RateChart({ state }: { state: RunState }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  useEffect(() => {
    plot.current = new uPlot(
      {
        width: 560,
        height: 140,
        legend: { show: true },
        series: [{}, { label: 'events/s', stroke: '#2a7ab0' }, { label: 'lost/s', stroke: '#c0392b' }],
        axes: [{}, { size: 60 }],
      },
      [[], [], []],
      box.current!,
    );
    return () => plot.current?.destroy();
  }, []);
  useEffect(() => {
    plot.current?.setData(lastSeconds(state.rate, Math.floor(Date.now() / 1000)));
  }, [state.version]);
  return <div class="rate" id="rate-chart" ref={box} />;
}
