// The OTLP/HTTP push, received by a loopback HTTP server that decodes the
// request as an OTLP receiver would (JSON encoding, /v1/metrics).
import { createServer, type IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { MetricStore } from './MetricStore.js';
import { OtlpExport } from './OtlpExport.js';

interface OtlpPoint {
  attributes: { key: string; value: { stringValue?: string } }[];
  asDouble?: number;
  count?: number | string;
  bucketCounts?: (number | string)[];
  explicitBounds?: number[];
}
interface OtlpMetric {
  name: string;
  unit?: string;
  sum?: { dataPoints: OtlpPoint[]; isMonotonic: boolean; aggregationTemporality: number };
  gauge?: { dataPoints: OtlpPoint[] };
  histogram?: { dataPoints: OtlpPoint[] };
}
interface OtlpRequest {
  resourceMetrics: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeMetrics: { metrics: OtlpMetric[] }[] }[];
}

const body = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => resolve(text));
  });

describe('OtlpExport', () => {
  it('pushes counters as monotonic cumulative sums, gauges and histograms with their labels as attributes', async () => {
    const requests: { path: string; type: string; body: OtlpRequest }[] = [];
    const receiver = createServer((req, res) => {
      void body(req).then((text) => {
        requests.push({ path: req.url ?? '', type: req.headers['content-type'] ?? '', body: JSON.parse(text) as OtlpRequest });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const port = (receiver.address() as { port: number }).port;
    const store = new MetricStore();
    store.family({ name: 'gadgetry_events_total', help: 'events', kind: 'counter', labelNames: ['gadget'], maxLabelSets: 5 }).add(['trace_exec'], 4);
    store.family({ name: 'gadgetry_demo_bytes', help: 'g', kind: 'gauge', labelNames: [], maxLabelSets: 1, unit: 'By' }).set([], 512);
    store.family({ name: 'gadgetry_demo_seconds', help: 'h', kind: 'histogram', labelNames: [], buckets: [1, 2], maxLabelSets: 1, unit: 's' }).observe([], 1.5, 3);
    const otlp = new OtlpExport(new URL(`http://127.0.0.1:${port}/v1/metrics`), () => store.families(), 60_000);
    try {
      await otlp.close();
    } finally {
      receiver.close();
    }
    expect(requests).toHaveLength(1);
    expect(requests[0]!.path).toBe('/v1/metrics');
    expect(requests[0]!.type).toBe('application/json');
    const rm = requests[0]!.body.resourceMetrics[0]!;
    expect(rm.resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'gadgetry' } });
    const metrics = new Map(rm.scopeMetrics.flatMap((s) => s.metrics).map((m) => [m.name, m]));
    const events = metrics.get('gadgetry_events')!;
    expect(events.sum).toMatchObject({ isMonotonic: true, aggregationTemporality: 2 });
    expect(events.sum!.dataPoints[0]).toMatchObject({ asDouble: 4, attributes: [{ key: 'gadget', value: { stringValue: 'trace_exec' } }] });
    expect(metrics.get('gadgetry_demo_bytes')).toMatchObject({ unit: 'By', gauge: { dataPoints: [{ asDouble: 512 }] } });
    const h = metrics.get('gadgetry_demo_seconds')!.histogram!.dataPoints[0]!;
    expect(h.explicitBounds).toEqual([1, 2]);
    expect(h.bucketCounts!.map(Number)).toEqual([0, 3, 0]);
    expect(Number(h.count)).toBe(3);
  });
});
