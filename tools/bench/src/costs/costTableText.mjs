// The cost table as aligned text: one row per gadget, then the gadgets not measured and why.
const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '-');
/** ops/s with a k/M suffix so wide rates stay narrow. */
const rate = (n) => (!Number.isFinite(n) ? '-' : n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e4 ? `${(n / 1e3).toFixed(0)}k` : n.toFixed(n < 10 ? 1 : 0));

/** Slowdowns below 0.1 keep their first significant digits. */
const ratio = (r) => fmt(r, r < 0.1 ? 3 : 2);

const HEAD = ['gadget', 'workload', 'ops/s', 'x untraced', 'events/s', 'lost', 'cpu s', 'RSS MiB', 'BPF ns/run', 'BPF ns/op', 'maps MiB', 'peer x untraced', 'peer cpu s', 'peer RSS MiB'];

/** One gadget's row as cells (HEAD's columns). */
export function costRow({ spec, base, traced: t, peer: p }) {
  const shot = spec.shot;
  return [
    spec.gadget,
    shot ? `${spec.what}: ${fmt(t.wallMs)} ms start to exit, ${fmt(t.events)} rows` : spec.what,
    shot ? '-' : rate(base),
    shot ? '-' : ratio(t.ops / base),
    shot || spec.result ? '-' : rate(t.eventsPerSec),
    fmt(t.lost),
    fmt(t.cpu, 2),
    fmt(t.rssMiB, 1),
    fmt(t.bpfNsPerRun),
    shot ? '-' : fmt(t.bpfNsPerOp),
    fmt(t.mapMiB, 1),
    p ? ratio(p.ops / base) : '-',
    p ? fmt(p.cpu, 2) : '-',
    p ? fmt(p.rssMiB, 1) : '-',
  ];
}

function aligned(rows) {
  const widths = HEAD.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd()).join('\n');
}

export function printCostTable(rows) {
  const measured = rows.filter((r) => !r.skipped);
  console.log('');
  console.log(aligned([HEAD, ...measured.map(costRow)]));
  const peerless = measured.filter((r) => !r.peer && !r.spec.shot);
  if (peerless.length) console.log(`\nno peer run: ${peerless.map((r) => `${r.spec.gadget} (${r.spec.none_peer ?? 'none given'})`).join('; ')}`);
  for (const r of rows.filter((x) => x.skipped)) console.log(`not measured: ${r.spec.gadget}: ${r.skipped}`);
}
