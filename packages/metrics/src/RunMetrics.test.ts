import { describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { defineEvent, int64 } from '@gadgetry/sdk';
import { GADGET_INFO_VERSION, type GadgetInfo, type RunMessage } from '@gadgetry/runtime';
import { RunMetrics } from './RunMetrics.js';
import { prometheusText } from './prometheusText.js';

// a top_file-like event: per file and process name, bytes in the interval
const event = defineEvent(
  Type.Object({ comm: Type.String(), file: Type.String(), wbytes: int64(Type.BigInt()), latency: Type.Integer() }),
  {
    wbytes: { int64: 'number', metric: { type: 'counter', name: 'written', unit: 'bytes', labels: ['comm', 'file'], maxLabelSets: 2 } },
    latency: { metric: { type: 'histogram', unit: 'seconds', scale: 1e-6, buckets: [0.001, 0.01], labels: ['comm'] } },
  },
);

const info: GadgetInfo = {
  version: GADGET_INFO_VERSION,
  name: 'top_demo',
  description: '',
  category: 'top',
  type: 'trace-intervals',
  package: { name: 'demo', version: '0.0.0' },
  params: [],
  operators: [],
  fields: Object.entries(event.properties).map(([name, schema]) => ({ name, schema: JSON.parse(JSON.stringify(schema)) as Record<string, unknown> })),
};

const node = 'host-a';
const table = (events: Record<string, unknown>[]): RunMessage => ({ type: 'table', node, events });

async function scrape(m: RunMetrics): Promise<string> {
  m.refresh();
  return (await prometheusText(m.store.families())).text;
}

describe('RunMetrics', () => {
  it('counts events and lost events per gadget, node and reason', async () => {
    const m = new RunMetrics(info);
    m.observe({ type: 'started', node, gadget: 'top_demo', host: { bootToEpochNs: '0', arch: 'x86_64' } });
    m.observe({ type: 'events', node, events: [{}, {}, {}] });
    m.observe({ type: 'lost', node, count: 7, reason: 'ring_full', where: 'kernel', message: '' });
    const text = await scrape(m);
    expect(text).toContain('gadgetry_events_total{gadget="top_demo",node="host-a"} 3');
    expect(text).toContain('gadgetry_lost_events_total{gadget="top_demo",node="host-a",reason="ring_full"} 7');
    expect(text).toMatch(/^gadgetry_process_resident_memory_bytes \d+$/m);
    expect(text).toMatch(/^gadgetry_process_cpu_seconds_total [\d.e-]+$/m);
  });

  it('adds up a counter field per label set, escapes label values, and observes a scaled histogram field', async () => {
    const m = new RunMetrics(info);
    m.observe(table([{ comm: 'dd', file: 'a"b\n', wbytes: 100, latency: 500 }]));
    m.observe(table([{ comm: 'dd', file: 'a"b\n', wbytes: 50, latency: 5000 }]));
    const text = await scrape(m);
    expect(text).toContain('# TYPE gadgetry_top_demo_written_bytes_total counter');
    expect(text).toContain('gadgetry_top_demo_written_bytes_total{comm="dd",file="a\\"b\\n",node="host-a"} 150');
    expect(text).toContain('gadgetry_top_demo_latency_seconds_bucket{comm="dd",node="host-a",le="0.001"} 1');
    expect(text).toContain('gadgetry_top_demo_latency_seconds_bucket{comm="dd",node="host-a",le="0.01"} 2');
    expect(text).toContain('gadgetry_top_demo_latency_seconds_count{comm="dd",node="host-a"} 2');
  });

  it('keeps at most maxLabelSets label sets and counts the updates it dropped', async () => {
    const m = new RunMetrics(info);
    m.observe(table(['a', 'b', 'c', 'd', 'c'].map((file) => ({ comm: 'dd', file, wbytes: 1, latency: 1 }))));
    const text = await scrape(m);
    const series = text.split('\n').filter((l) => l.startsWith('gadgetry_top_demo_written_bytes_total{'));
    expect(series).toEqual(['gadgetry_top_demo_written_bytes_total{comm="dd",file="a",node="host-a"} 1', 'gadgetry_top_demo_written_bytes_total{comm="dd",file="b",node="host-a"} 1']);
    expect(text).toContain('gadgetry_metric_updates_dropped_total{gadget="top_demo",metric="gadgetry_top_demo_written_bytes_total"} 3');
    expect(m.droppedUpdates()).toEqual([{ name: 'gadgetry_top_demo_written_bytes_total', dropped: 3, maxLabelSets: 2 }]);
  });

  it('adds up histogram results as one Prometheus histogram in seconds, keyed by their key', async () => {
    const m = new RunMetrics({ ...info, name: 'profile_demo', fields: [], resultMetric: { name: 'io_latency', description: 'I/O latency' } });
    const result = { type: 'histogram', unit: 'usecs', keyName: 'disk', histograms: [{ key: 'sda', total: 3, slots: [{ low: 0, high: 1, count: 1 }, { low: 2, high: 3, count: 2 }] }] };
    m.observe({ type: 'result', node, value: result });
    m.observe({ type: 'done', node, reason: 'stopped', result, cleanupErrors: [] });
    const text = await scrape(m);
    expect(text).toContain('# TYPE gadgetry_profile_demo_io_latency_seconds histogram');
    expect(text).toContain('gadgetry_profile_demo_io_latency_seconds_bucket{disk="sda",node="host-a",le="0.000001"} 2');
    expect(text).toContain('gadgetry_profile_demo_io_latency_seconds_bucket{disk="sda",node="host-a",le="0.000003"} 6');
    expect(text).toContain('gadgetry_profile_demo_io_latency_seconds_count{disk="sda",node="host-a"} 6');
  });

  it('exports the run cost (--stats) as BPF run time, runs and map memory per program and map', async () => {
    const m = new RunMetrics(info);
    const cost = {
      runTime: 'counted', programs: [{ name: 'on_exec', id: 1, type: 'tracepoint', runCount: 4n, runTimeNs: 2_000_000n, nsPerRun: 500_000, recursionMisses: 0n }],
      maps: [{ name: 'events', id: 2, type: 'ringbuf', maxEntries: 1, bytes: 65536 }], bpfTimeNs: 2_000_000n, bpfNsPerEvent: null, mapBytes: 65536,
      cpuMs: 1500, cpuUserMs: 1000, cpuSystemMs: 500, cpuUsPerEvent: null, rssBytes: 1000, peakRssBytes: 2000,
    };
    m.observe({ type: 'stats', node, stats: { gadget: 'top_demo', ended: 'running', events: 0, lost: {} as never, invalid: {} as never, durationMs: 1, eventsPerSecond: 0, cost: cost as never } });
    const text = await scrape(m);
    expect(text).toContain('gadgetry_bpf_run_time_seconds_total{gadget="top_demo",node="host-a",program="on_exec"} 0.002');
    expect(text).toContain('gadgetry_bpf_runs_total{gadget="top_demo",node="host-a",program="on_exec"} 4');
    expect(text).toContain('gadgetry_bpf_map_memory_bytes{gadget="top_demo",node="host-a",map="events"} 65536');
    expect(text).toContain('gadgetry_runtime_cpu_seconds_total{gadget="top_demo",node="host-a"} 1.5');
  });

  it('cuts long label values to 256 characters, and values that differ only past the cut make one series', async () => {
    const m = new RunMetrics(info);
    const long = 'x'.repeat(300);
    m.observe(table([`${long}a`, `${long}b`].map((file) => ({ comm: 'dd', file, wbytes: 1, latency: 1 }))));
    const text = await scrape(m);
    expect(text).toContain(`gadgetry_top_demo_written_bytes_total{comm="dd",file="${'x'.repeat(256)}",node="host-a"} 2`);
    expect(m.droppedUpdates()).toEqual([]);
  });
});
