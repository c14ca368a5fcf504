/** A row's recent values as a small line. */
export function Sparkline({ values }: { values: number[] }) {
  const w = 80;
  const h = 16;
  if (values.length < 2) return <svg class="spark" width={w} height={h} />;
  const max = Math.max(...values, 1);
  const step = w / (values.length - 1);
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(h - 1 - (v / max) * (h - 2)).toFixed(1)}`).join(' ');
  return (
    <svg class="spark" width={w} height={h}>
      <polyline points={points} fill="none" stroke="currentColor" stroke-width="1.2" />
    </svg>
  );
}
