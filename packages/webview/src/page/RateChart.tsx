import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import type { RunState } from './RunState.js';

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
        // the last two minutes, whatever the first point
        scales: { x: { time: true, range: (_u, _min, max) => [max - 120, max] } },
        series: [{}, { label: 'events/s', stroke: '#2a7ab0' }, { label: 'lost/s', stroke: '#c0392b' }],
        axes: [{}, { size: 60 }],
      },
      [[], [], []],
      box.current!,
    );
    return () => plot.current?.destroy();
  }, []);
  useEffect(() => {
    plot.current?.setData(state.rate.map((a) => [...a]) as uPlot.AlignedData);
  }, [state.version]);
  return <div class="rate" id="rate-chart" ref={box} />;
}
