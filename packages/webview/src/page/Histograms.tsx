/** The parts of a HistogramResult (@gadgetry/sdk) the bars draw. */
export interface HistogramValue {
  type: 'histogram';
  unit: string;
  keyName?: string;
  histograms: { key?: string; total: number; slots: { low: number; high: number; count: number }[] }[];
}

/** Each histogram as horizontal bars, one per slot, as wide as its count. */
export function Histograms({ result }: { result: HistogramValue }) {
  return (
    <div class="histograms">
      {result.histograms.map((h, i) => {
        const max = Math.max(1, ...h.slots.map((s) => s.count));
        return (
          <figure key={h.key ?? i} class="histogram">
            <figcaption>
              {h.key !== undefined ? `${result.keyName ?? 'key'} = ${h.key}: ` : ''}
              {h.total} values ({result.unit})
            </figcaption>
            <table>
              <tbody>
                {h.slots.map((s) => (
                  <tr key={s.low} class="slot">
                    <td class="right">
                      {s.low} – {s.high}
                    </td>
                    <td class="right">{s.count}</td>
                    <td class="bar-cell">
                      <div class="bar" style={{ width: `${(s.count / max) * 100}%` }} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </figure>
        );
      })}
    </div>
  );
}
