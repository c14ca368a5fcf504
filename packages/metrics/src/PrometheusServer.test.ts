import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { MetricStore } from './MetricStore.js';
import { PrometheusServer } from './PrometheusServer.js';

describe('PrometheusServer', () => {
  it('serves /metrics on loopback and 404 elsewhere', async () => {
    const store = new MetricStore();
    store.family({ name: 'gadgetry_demo_total', help: 'demo', kind: 'counter', labelNames: ['a'], maxLabelSets: 5 }).add(['x'], 2);
    const server = await PrometheusServer.listen({ host: '127.0.0.1', port: 0 }, () => store.families());
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(await res.text()).toContain('gadgetry_demo_total{a="x"} 2');
      expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('refuses a port in use with one line, METRICS_LISTEN_FAILED', async () => {
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const port = (holder.address() as { port: number }).port;
    try {
      const err = await PrometheusServer.listen({ host: '127.0.0.1', port }, () => []).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'METRICS_LISTEN_FAILED', message: `cannot serve --metrics on 127.0.0.1:${port}: the port is in use; pick another port or address` });
    } finally {
      holder.close();
    }
  });
});
