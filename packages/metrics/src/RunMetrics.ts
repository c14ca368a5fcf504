import type { GadgetInfo, RunMessage, RunStats } from '@gadgetry/runtime';
import type { KindContext } from '@gadgetry/kinds';
import { MetricStore, type MetricFamily } from './MetricStore.js';
import { FieldMetrics } from './FieldMetrics.js';
import { ResultMetrics } from './ResultMetrics.js';

/** Label sets the runtime's own per-program and per-map metrics keep. */
const RUNTIME_LABEL_SETS = 1000;

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN);

/**
 * A run's metrics, fed its messages in order: the runtime's own (events,
 * lost events, with --stats the BPF programs' run time and the maps'
 * memory, and this process's CPU and memory), the gadget's metric fields
 * and its histogram results. Every series carries the gadget and the node.
 */
export class RunMetrics {
  readonly store = new MetricStore();
  readonly #gadget: string;
  readonly #fields: FieldMetrics;
  readonly #results: ResultMetrics | undefined;
  readonly #kindCtx: KindContext = {};
  readonly #events: MetricFamily;
  readonly #lost: MetricFamily;
  readonly #dropped: MetricFamily;
  readonly #cpu: MetricFamily;
  readonly #rss: MetricFamily;

  constructor(info: GadgetInfo) {
    this.#gadget = info.name;
    const s = this.store;
    const max = RUNTIME_LABEL_SETS;
    this.#events = s.family({ name: 'gadgetry_events_total', help: 'Events the gadget delivered', kind: 'counter', labelNames: ['gadget', 'node'], maxLabelSets: max });
    this.#lost = s.family({ name: 'gadgetry_lost_events_total', help: 'Events lost, by reason', kind: 'counter', labelNames: ['gadget', 'node', 'reason'], maxLabelSets: max });
    this.#dropped = s.family({
      name: 'gadgetry_metric_updates_dropped_total',
      help: 'Updates of a metric dropped because it already holds as many label sets as it may (maxLabelSets)',
      kind: 'counter',
      labelNames: ['gadget', 'metric'],
      maxLabelSets: max,
    });
    this.#cpu = s.family({ name: 'gadgetry_process_cpu_seconds_total', help: 'CPU time of this gadgetry process (user and system)', kind: 'counter', labelNames: [], maxLabelSets: 1, unit: 's' });
    this.#rss = s.family({ name: 'gadgetry_process_resident_memory_bytes', help: 'Resident memory of this gadgetry process', kind: 'gauge', labelNames: [], maxLabelSets: 1, unit: 'By' });
    this.#fields = new FieldMetrics(info, s, this.#kindCtx);
    this.#results = info.resultMetric ? new ResultMetrics(info.name, info.resultMetric, s) : undefined;
  }

  observe(m: RunMessage): void {
    const g = this.#gadget;
    switch (m.type) {
      case 'started':
        this.#kindCtx.arch = m.host.arch;
        this.#events.add([g, m.node], 0);
        return;
      case 'events':
      case 'table':
        this.#events.add([g, m.node], m.events.length);
        this.#fields.observe(m.events, m.node);
        return;
      case 'lost':
        this.#lost.add([g, m.node, m.reason], m.count);
        return;
      case 'result':
        this.#results?.observe(m.value, m.node);
        return;
      case 'stats':
        this.#cost(m.stats, m.node);
        return;
      case 'done':
        if (m.result !== undefined) this.#results?.observe(m.result, m.node);
        return;
      default:
        return;
    }
  }

  /** Brings the values read at collection time up to date (call before each scrape or push). */
  refresh(): void {
    const cpu = process.cpuUsage();
    this.#cpu.set([], (cpu.user + cpu.system) / 1e6);
    this.#rss.set([], process.memoryUsage.rss());
    for (const f of this.store.families()) if (f.dropped > 0) this.#dropped.set([this.#gadget, f.o.name], f.dropped);
  }

  /** Metrics that dropped updates: name and count, for the warning at the end. */
  droppedUpdates(): { name: string; dropped: number; maxLabelSets: number }[] {
    return this.store.families().filter((f) => f.dropped > 0).map((f) => ({ name: f.o.name, dropped: f.dropped, maxLabelSets: f.o.maxLabelSets }));
  }

  /** RunStats.cost (with --stats): running totals since the run began, so they are set, not added. */
  #cost(stats: RunStats, node: string): void {
    const cost = stats.cost;
    if (!cost) return;
    const s = this.store;
    const g = this.#gadget;
    const max = RUNTIME_LABEL_SETS;
    const runTime = s.family({ name: 'gadgetry_bpf_run_time_seconds_total', help: 'Time the run\'s BPF programs ran, as the kernel counts it', kind: 'counter', labelNames: ['gadget', 'node', 'program'], maxLabelSets: max, unit: 's' });
    const runs = s.family({ name: 'gadgetry_bpf_runs_total', help: 'Times the run\'s BPF programs ran', kind: 'counter', labelNames: ['gadget', 'node', 'program'], maxLabelSets: max });
    for (const p of cost.programs) {
      const ns = num(p.runTimeNs);
      if (p.runTimeNs !== null && Number.isFinite(ns)) runTime.set([g, node, p.name], ns / 1e9);
      if (p.runCount !== null) runs.set([g, node, p.name], num(p.runCount));
    }
    const maps = s.family({ name: 'gadgetry_bpf_map_memory_bytes', help: 'Kernel memory of the run\'s BPF maps', kind: 'gauge', labelNames: ['gadget', 'node', 'map'], maxLabelSets: max, unit: 'By' });
    for (const m of cost.maps) if (m.bytes !== null) maps.set([g, node, m.name], m.bytes);
    s.family({ name: 'gadgetry_runtime_cpu_seconds_total', help: 'CPU time the runtime running the gadget spent since the run began', kind: 'counter', labelNames: ['gadget', 'node'], maxLabelSets: max, unit: 's' }).set([g, node], cost.cpuMs / 1000);
    s.family({ name: 'gadgetry_runtime_resident_memory_bytes', help: 'Resident memory of the runtime running the gadget', kind: 'gauge', labelNames: ['gadget', 'node'], maxLabelSets: max, unit: 'By' }).set([g, node], cost.rssBytes);
  }
}
