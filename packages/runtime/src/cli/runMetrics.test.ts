import { describe, expect, it } from 'vitest';
import { GADGET_INFO_VERSION, type GadgetInfo } from '../runner/GadgetInfo.js';
import type { RunStream } from '../runner/GadgetRunner.js';
import type { RunMessage } from '../runner/RunMessage.js';
import { parseMetricsListen, parseOtlpEndpoint } from './MetricsSupport.js';
import { allRowsForMetrics, withMetrics } from './runMetrics.js';

const info = (type: string, operators: string[]): GadgetInfo => ({
  version: GADGET_INFO_VERSION,
  name: 'g',
  description: '',
  category: 'top',
  type,
  package: { name: 'p', version: '0.0.0' },
  params: [],
  operators: operators.map((name) => ({ name, description: '', params: [] })),
  fields: [],
});

const streamOf = (messages: RunMessage[]): RunStream => ({
  pause() {},
  resume() {},
  async *[Symbol.asyncIterator]() {
    yield* messages;
  },
});

describe('--metrics and --otlp values', () => {
  it('reads [host:]port, on 127.0.0.1 unless a host is given', () => {
    expect(parseMetricsListen('9464')).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(parseMetricsListen('0.0.0.0:9464')).toEqual({ host: '0.0.0.0', port: 9464 });
    expect(parseMetricsListen('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(parseMetricsListen('localhost:80')).toEqual({ host: 'localhost', port: 80 });
    for (const bad of ['', 'abc', ':9464', '70000', 'host:', '[zz]:1', '1.2.3.4:5:6', 'a b:1']) {
      expect(() => parseMetricsListen(bad), bad).toThrow(/^invalid --metrics .*: expected \[host:\]port/);
    }
  });

  it('reads an http(s) URL for --otlp and gives a bare one the /v1/metrics path', () => {
    expect(parseOtlpEndpoint('http://127.0.0.1:4318').href).toBe('http://127.0.0.1:4318/v1/metrics');
    expect(parseOtlpEndpoint('https://otel.example:4318/custom').href).toBe('https://otel.example:4318/custom');
    for (const bad of ['127.0.0.1:4318', 'ftp://x/', 'nonsense']) expect(() => parseOtlpEndpoint(bad), bad).toThrow(/^invalid --otlp /);
  });
});

describe('a run with metrics', () => {
  it('keeps every row of an interval table for the metrics and shows the default 20', async () => {
    const params: Record<string, unknown> = {};
    const shown = allRowsForMetrics(info('trace-intervals', ['sort', 'limit']), params);
    expect(params).toEqual({ 'max-rows': '0' });
    const rows = Array.from({ length: 30 }, (_, i) => ({ i }));
    const seen: RunMessage[] = [];
    const out: RunMessage[] = [];
    const stats = { type: 'stats', node: 'n', stats: { ended: 'running' } } as unknown as RunMessage;
    const stream = withMetrics(streamOf([{ type: 'table', node: 'n', events: rows }, stats]), { observe: (m) => seen.push(m), close: async () => {} }, true, shown);
    for await (const m of stream) out.push(m);
    expect(seen).toHaveLength(2);
    expect((seen[0] as { events: unknown[] }).events).toHaveLength(30);
    // the cost report made for the metrics alone is not shown
    expect(out).toHaveLength(1);
    expect((out[0] as { events: unknown[] }).events).toEqual(rows.slice(0, 20));
  });

  it('leaves a --max-rows the user gave, and gadgets without the limit operator, alone', () => {
    const given: Record<string, unknown> = { 'max-rows': '5' };
    expect(allRowsForMetrics(info('trace-intervals', ['limit']), given)).toBeUndefined();
    expect(given).toEqual({ 'max-rows': '5' });
    const none: Record<string, unknown> = {};
    expect(allRowsForMetrics(info('trace', ['filter']), none)).toBeUndefined();
    expect(none).toEqual({});
  });
});
