// Events pushed as OTLP/HTTP logs, received by a loopback HTTP server that
// decodes the requests as an OTLP receiver would (JSON encoding, /v1/logs).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { GADGET_INFO_VERSION, type GadgetInfo } from '@gadgetry/runtime';
import { OtlpLogExport, logsUrlOf } from './OtlpLogExport.js';

interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}
interface OtlpAnyValue {
  stringValue?: string;
  intValue?: number | string;
  doubleValue?: number;
  kvlistValue?: { values: OtlpKeyValue[] };
}
interface OtlpLogRecord {
  timeUnixNano?: string;
  severityText?: string;
  eventName?: string;
  body: OtlpAnyValue;
  attributes: OtlpKeyValue[];
}
interface OtlpLogsRequest {
  resourceLogs: { resource: { attributes: OtlpKeyValue[] }; scopeLogs: { logRecords: OtlpLogRecord[] }[] }[];
}

const info: GadgetInfo = {
  version: GADGET_INFO_VERSION,
  name: 'trace_demo',
  description: '',
  category: 'trace',
  type: 'trace',
  package: { name: 'demo', version: '0.0.0' },
  params: [],
  operators: [],
  fields: [
    { name: 'timestamp', schema: { type: 'integer', kind: 'timestamp' } },
    { name: 'pid', schema: { type: 'integer' } },
    { name: 'comm', schema: { type: 'string' } },
    { name: 'inode', schema: { type: 'bigint' } },
    { name: 'error', schema: { type: 'integer', kind: 'errno' } },
  ],
};

const bodyOf = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => resolve(text));
  });

/** A loopback receiver; `answer` decides how (and when) each request is answered. */
async function receiver(answer: (res: ServerResponse) => void = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}')) {
  const requests: { path: string; body: OtlpLogsRequest }[] = [];
  const server = createServer((req, res) => {
    void bodyOf(req).then((text) => {
      requests.push({ path: req.url ?? '', body: JSON.parse(text) as OtlpLogsRequest });
      answer(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = new URL(`http://127.0.0.1:${(server.address() as { port: number }).port}/v1/logs`);
  const records = () => requests.flatMap((r) => r.body.resourceLogs.flatMap((l) => l.scopeLogs.flatMap((s) => s.logRecords)));
  return { url, requests, records, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const field = (r: OtlpLogRecord, key: string) => r.body.kvlistValue!.values.find((v) => v.key === key)?.value;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

describe('OtlpLogExport', () => {
  it('pushes one record per event: the event as JSON output writes it, its own time, the gadget and node as attributes', async () => {
    const r = await receiver();
    closers.push(r.close);
    const bootToEpochNs = 1_700_000_000_000_000_000n;
    const logs = new OtlpLogExport(r.url, info, { bootToEpochNs: () => bootToEpochNs, arch: 'x86_64' });
    logs.observe(
      [
        { timestamp: 5_000_000_123n, pid: 42, comm: 'cat', inode: 2n ** 63n + 5n, error: 2 },
        { timestamp: 6_000_000_000n, pid: 43, comm: 'ls', inode: 7n, error: 0 },
      ],
      'node-a',
    );
    expect(await logs.close()).toEqual({ dropped: 0, failed: 0 });
    expect(r.requests.map((q) => q.path)).toEqual(['/v1/logs']);
    const resource = r.requests[0]!.body.resourceLogs[0]!.resource;
    expect(resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'gadgetry' } });
    const [a, b] = r.records();
    expect(r.records()).toHaveLength(2);
    expect(a!.severityText).toBe('INFO');
    expect(a!.eventName).toBe('gadgetry.trace_demo');
    expect(BigInt(a!.timeUnixNano!)).toBe(bootToEpochNs + 5_000_000_123n);
    expect(a!.attributes).toEqual(
      expect.arrayContaining([
        { key: 'gadgetry.gadget', value: { stringValue: 'trace_demo' } },
        { key: 'gadgetry.node', value: { stringValue: 'node-a' } },
      ]),
    );
    expect(field(a!, 'comm')).toEqual({ stringValue: 'cat' });
    expect(Number(field(a!, 'pid')!.intValue ?? field(a!, 'pid')!.doubleValue)).toBe(42);
    // a u64 past 2^53 stays exact, as text; a kind's readable form, with the raw value beside it as in -o json
    expect(field(a!, 'inode')).toEqual({ stringValue: (2n ** 63n + 5n).toString() });
    expect(field(a!, 'error')).toEqual({ stringValue: 'ENOENT' });
    expect(field(a!, 'timestamp')).toEqual({ stringValue: '2023-11-14T22:13:25.000000123Z' });
    expect(field(b!, 'comm')).toEqual({ stringValue: 'ls' });
  });

  it('holds at most maxQueued events while the receiver is slow, and counts every event dropped', async () => {
    const r = await receiver((res) => setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 300));
    closers.push(r.close);
    const logs = new OtlpLogExport(r.url, info, {}, () => {}, { maxQueued: 10, batchSize: 5, intervalMs: 50, closeTimeoutMs: 5000 });
    const events = Array.from({ length: 100 }, (_, i) => ({ timestamp: 0, pid: i, comm: 'x', inode: 1n, error: 0 }));
    logs.observe(events, 'n');
    const loss = await logs.close();
    // one batch of 5 on its way, 10 queued behind it, the other 85 dropped
    expect(loss).toEqual({ dropped: 85, failed: 0 });
    expect(r.records()).toHaveLength(15);
    expect(r.records().map((x) => Number(field(x, 'pid')!.intValue ?? field(x, 'pid')!.doubleValue))).toEqual([...Array(15).keys()]);
  });

  it('counts the events of a push the receiver refused, and says why once', async () => {
    const r = await receiver((res) => res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request'));
    closers.push(r.close);
    const errors: string[] = [];
    const logs = new OtlpLogExport(r.url, info, {}, (m) => errors.push(m));
    logs.observe([{ timestamp: 0, pid: 1, comm: 'x', inode: 1n, error: 0 }], 'n');
    expect(await logs.close()).toEqual({ dropped: 0, failed: 1 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`--otlp log push to ${r.url.href} failed`);
  });

  it('puts logs beside /v1/metrics, and nowhere when the metrics URL has a path of its own', () => {
    expect(logsUrlOf(new URL('http://127.0.0.1:4318/v1/metrics'))?.href).toBe('http://127.0.0.1:4318/v1/logs');
    expect(logsUrlOf(new URL('https://c.example/otlp/v1/metrics'))?.href).toBe('https://c.example/otlp/v1/logs');
    expect(logsUrlOf(new URL('http://127.0.0.1:9090/api/v1/otlp/push'))).toBeUndefined();
  });
});
