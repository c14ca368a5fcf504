// gadgetry run --metrics through the real CLI and kernel, scraped by a real
// Prometheus (Debian's package) the test starts on loopback, and --otlp
// pushed to a loopback OTLP/HTTP receiver.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { GADGETRY } from './fixtures/agentProcess.js';
import { ROOT } from './fixtures/workspace.js';

const skip = kernelTestGate();
const PROMETHEUS = '/usr/bin/prometheus';
if (!skip && !existsSync(PROMETHEUS) && process.env.GADGETRY_STRICT === '1') throw new Error('prometheus is missing (apt-get install prometheus; tools/setup.sh installs it)');
const dir = mkdtempSync(join(tmpdir(), 'gadgetry-metrics-e2e-'));
const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A loopback port nothing listens on now. */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Polls `check` every 250 ms for at most `ms`; returns its last value. */
async function poll<T>(check: () => Promise<T | undefined>, ms: number): Promise<T | undefined> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** `gadgetry run <args>` from the workspace; `metricsUrl` resolves with the URL it prints once it serves. */
function gadgetryRun(args: string[]) {
  const env = { ...process.env };
  delete env.GADGETRY_PATH;
  const child = spawn(process.execPath, [GADGETRY, 'run', ...args], { cwd: ROOT, env });
  started.push(child);
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = new Promise<number | null>((r) => child.on('close', r));
  const metricsUrl = () => poll(async () => /^metrics: (http:\S+)$/m.exec(stderr)?.[1], 20_000);
  return { child, code, metricsUrl, stderr: () => stderr, stdout: () => stdout };
}

/** Starts Prometheus on a free loopback port, scraping `target` every second, with its own config and data folder. */
async function startPrometheus(target: string): Promise<string> {
  const home = mkdtempSync(join(dir, 'prometheus-'));
  writeFileSync(join(home, 'prometheus.yml'), `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: gadgetry\n    static_configs:\n      - targets: ['${target}']\n`);
  const port = await freePort();
  const child = spawn(PROMETHEUS, [`--config.file=${join(home, 'prometheus.yml')}`, `--storage.tsdb.path=${join(home, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
  started.push(child);
  const api = `http://127.0.0.1:${port}`;
  const ready = await poll(async () => ((await fetch(`${api}/-/ready`)).ok ? true : undefined), 20_000);
  if (!ready) throw new Error('prometheus did not become ready within 20 s');
  return api;
}

describe.skipIf(skip)('gadgetry run --metrics', () => {
  it('is scraped by a real Prometheus: gadgetry_events_total{gadget="trace_exec"} > 0 after /bin/true runs', async () => {
    const port = await freePort();
    const run = gadgetryRun(['trace_exec', '--metrics', `127.0.0.1:${port}`, '-o', 'json']);
    expect(await run.metricsUrl()).toBe(`http://127.0.0.1:${port}/metrics`);
    const api = await startPrometheus(`127.0.0.1:${port}`);
    const query = `${api}/api/v1/query?query=${encodeURIComponent('gadgetry_events_total{gadget="trace_exec"}')}`;
    const value = await poll(async () => {
      for (let i = 0; i < 3; i++) execFileSync('/bin/true');
      const body = (await (await fetch(query)).json()) as { data: { result: { value: [number, string] }[] } };
      const v = Number(body.data.result[0]?.value[1] ?? 0);
      return v > 0 ? v : undefined;
    }, 30_000);
    run.child.kill('SIGINT');
    expect(await run.code).toBe(0);
    expect(value, run.stderr()).toBeGreaterThan(0);
    expect(run.stdout()).toContain('"/bin/true"');
  }, 90_000);

  it('gives top_file metrics per file with the process name and file as labels', async () => {
    const run = gadgetryRun(['top_file', '--interval', '1', '--metrics', '127.0.0.1:0', '-o', 'json']);
    const url = await run.metricsUrl();
    expect(url, run.stderr()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const file = `metrics-e2e-${process.pid}.bin`;
    const line = await poll(async () => {
      execFileSync('dd', ['if=/dev/zero', `of=${join(dir, file)}`, 'bs=4096', 'count=4', 'conv=fsync'], { stdio: 'ignore' });
      const text = await (await fetch(url!)).text();
      return text.split('\n').find((l) => l.startsWith('gadgetry_top_file_written_bytes_total{') && l.includes(`file="${file}"`));
    }, 20_000);
    run.child.kill('SIGINT');
    expect(await run.code).toBe(0);
    expect(line, run.stderr()).toMatch(new RegExp(`^gadgetry_top_file_written_bytes_total\\{comm="dd",file="${file}",type="R",node="[^"]+"\\} (\\d+)$`));
    expect(Number(line!.split(' ').at(-1))).toBeGreaterThanOrEqual(16384);
  }, 60_000);

  /** Fetches `url` (at most `ms`) until a line of its text passes `match`. */
  const scrapeUntil = (url: string, match: (line: string) => boolean, cause: () => void = () => {}, ms = 20_000) =>
    poll(async () => {
      cause();
      return (await (await fetch(url)).text()).split('\n').find(match);
    }, ms);

  it('with --stats, exports the BPF programs\' run time and the maps\' memory while the run runs', async () => {
    const run = gadgetryRun(['trace_exec', '--stats', '--metrics', '127.0.0.1:0', '-o', 'json']);
    const url = (await run.metricsUrl())!;
    const runTime = await scrapeUntil(url, (l) => /^gadgetry_bpf_run_time_seconds_total\{gadget="trace_exec",node="[^"]+",program="\w+"\} [1-9e.\d-]+$/.test(l), () => execFileSync('/bin/true'));
    const memory = await scrapeUntil(url, (l) => /^gadgetry_bpf_map_memory_bytes\{gadget="trace_exec",node="[^"]+",map="\w+"\} [1-9]\d*$/.test(l));
    run.child.kill('SIGINT');
    expect(await run.code).toBe(0);
    expect(runTime, run.stderr()).toBeDefined();
    expect(memory).toBeDefined();
    // the reports made for the metrics are not printed: the one {"stats"} record is the last, at the end
    expect(run.stdout().split('\n').filter((l) => l.startsWith('{"stats"'))).toHaveLength(1);
  }, 60_000);

  it('gives top_tcp bytes per remote address and port, the address in its readable form', async () => {
    const run = gadgetryRun(['top_tcp', '--interval', '1', '--metrics', '127.0.0.1:0', '-o', 'json']);
    const url = (await run.metricsUrl())!;
    const port = new URL(url).port;
    // the scrapes themselves are TCP traffic from this process to the metrics port
    const line = await scrapeUntil(url, (l) => l.startsWith('gadgetry_top_tcp_sent_bytes_total{') && l.includes(`daddr="127.0.0.1",dport="${port}"`));
    run.child.kill('SIGINT');
    expect(await run.code).toBe(0);
    expect(line, run.stderr()).toMatch(/ [1-9]\d*$/);
  }, 60_000);

  it('gives profile_runqlat\'s latency histogram in seconds every --interval', async () => {
    const run = gadgetryRun(['profile_runqlat', '--interval', '1', '--metrics', '127.0.0.1:0', '-o', 'json']);
    const url = (await run.metricsUrl())!;
    const count = await scrapeUntil(url, (l) => /^gadgetry_profile_runqlat_run_queue_latency_seconds_count\{node="[^"]+"\} [1-9]\d*$/.test(l));
    const text = await (await fetch(url)).text();
    run.child.kill('SIGINT');
    expect(await run.code).toBe(0);
    expect(count, run.stderr()).toBeDefined();
    expect(text).toContain('# TYPE gadgetry_profile_runqlat_run_queue_latency_seconds histogram');
    expect(text).toMatch(/^gadgetry_profile_runqlat_run_queue_latency_seconds_bucket\{node="[^"]+",le="0\.000001"\} \d+$/m);
  }, 60_000);

  it('refuses a bad --metrics value with one line and exit 2', async () => {
    for (const bad of ['localhost:99999', 'abc', '1.2.3.4:']) {
      const run = gadgetryRun(['trace_exec', '--metrics', bad, '--timeout', '1']);
      expect(await run.code).toBe(2);
      const lines = run.stderr().trim().split('\n');
      expect(lines, bad).toHaveLength(1);
      expect(lines[0]).toMatch(/^error: invalid --metrics .*: expected \[host:\]port, e\.g\. 9464 \(on 127\.0\.0\.1\) or 0\.0\.0\.0:9464 to serve every interface \[USAGE\]$/);
      expect(lines[0]).toContain(bad);
    }
  }, 60_000);

  it('fails with one line and exit 1 when the port is in use, before loading anything', async () => {
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const port = (holder.address() as { port: number }).port;
    try {
      const run = gadgetryRun(['trace_exec', '--metrics', `127.0.0.1:${port}`, '--timeout', '1']);
      expect(await run.code).toBe(1);
      expect(run.stderr().trim().split('\n')).toEqual([`error: cannot serve --metrics on 127.0.0.1:${port}: the port is in use; pick another port or address [METRICS_LISTEN_FAILED]`]);
    } finally {
      holder.close();
    }
  }, 30_000);

  it('--otlp pushes the same metrics over OTLP/HTTP when the run ends, and every event as a log record', async () => {
    const bodies: string[] = [];
    const logBodies: string[] = [];
    const marker = `otlp-log-${process.pid}-${Date.now()}`;
    const receiver = createHttpServer((req, res) => {
      let text = '';
      req.on('data', (d: Buffer) => (text += d.toString()));
      req.on('end', () => {
        if (req.url === '/v1/metrics') bodies.push(text);
        if (req.url === '/v1/logs') logBodies.push(text);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const port = (receiver.address() as { port: number }).port;
    const run = gadgetryRun(['trace_exec', '--otlp', `http://127.0.0.1:${port}`, '-o', 'json']);
    try {
      await poll(async () => (run.stdout().includes(marker) ? true : (execFileSync('/bin/true', [marker]), undefined)), 20_000);
      run.child.kill('SIGINT');
      expect(await run.code, run.stderr()).toBe(0);
    } finally {
      receiver.close();
    }
    // every event the run printed is a log record, its body the same JSON fields
    const printed = run.stdout().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    type KeyValue = { key: string; value: { stringValue?: string; intValue?: string | number; arrayValue?: { values: { stringValue?: string }[] } } };
    const records = logBodies.flatMap((b) =>
      (JSON.parse(b) as { resourceLogs: { scopeLogs: { logRecords: { body: { kvlistValue: { values: KeyValue[] } }; attributes: KeyValue[] }[] }[] }[] }).resourceLogs.flatMap((r) =>
        r.scopeLogs.flatMap((l) => l.logRecords),
      ),
    );
    expect(records).toHaveLength(printed.length);
    const withMarker = records.filter((r) => JSON.stringify(r.body).includes(marker));
    expect(withMarker.length).toBeGreaterThan(0);
    const keys = withMarker[0]!.body.kvlistValue.values.map((v) => v.key);
    expect(keys).toEqual(Object.keys(printed.find((e) => JSON.stringify(e).includes(marker))!));
    expect(withMarker[0]!.attributes).toContainEqual({ key: 'gadgetry.gadget', value: { stringValue: 'trace_exec' } });
    const points = bodies.flatMap((b) =>
      (JSON.parse(b) as { resourceMetrics: { scopeMetrics: { metrics: { name: string; sum?: { dataPoints: { asDouble: number; attributes: { key: string; value: { stringValue: string } }[] }[] } }[] }[] }[] })
        .resourceMetrics.flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics)),
    );
    const events = points.filter((m) => m.name === 'gadgetry_events').flatMap((m) => m.sum!.dataPoints);
    expect(events.length).toBeGreaterThan(0);
    expect(events.at(-1)!.attributes).toContainEqual({ key: 'gadget', value: { stringValue: 'trace_exec' } });
    expect(events.at(-1)!.asDouble).toBeGreaterThan(0);
  }, 60_000);
});
