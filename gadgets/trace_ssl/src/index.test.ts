import { execFileSync, spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { collectEvents } from '@gadgetry/runtime';
import traceSsl, { type TraceSslEvent } from './index.js';

const noOpenssl = spawnSync('openssl', ['version']).status === 0 ? undefined : 'openssl is not installed (apt-get install openssl)';
if (noOpenssl && process.env.GADGETRY_STRICT === '1') throw new Error(`${noOpenssl}, and GADGETRY_STRICT=1 forbids skipping the trace_ssl tests`);
const skip = kernelTestGate() || noOpenssl !== undefined;

const work = mkdtempSync(join(tmpdir(), 'gadgetry-trace-ssl-'));
const cert = join(work, 'cert.pem');
const key = join(work, 'key.pem');
beforeAll(() => {
  if (skip) return;
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=localhost', '-days', '1'], {
    stdio: 'pipe',
  });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Collects a child's stdout; `said(re)` resolves once it matches (bounded). */
function output(child: ChildProcessWithoutNullStreams) {
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => (out += d));
  return {
    said: async (re: RegExp) => {
      for (let i = 0; i < 200 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 25));
      if (!re.test(out)) throw new Error(`never said ${re}: ${JSON.stringify(out)}`);
    },
  };
}

/** An `openssl s_server` on a loopback port of its own, once it accepts. */
async function server() {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 30000);
    const child = spawn('openssl', ['s_server', '-accept', `127.0.0.1:${port}`, '-cert', cert, '-key', key, '-quiet'], { stdio: 'pipe' });
    children.push(child);
    const out = output(child);
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    // it says nothing on stdout until a client talks; being connectable is the sign
    for (let i = 0; i < 100; i++) {
      if (child.exitCode !== null) break;
      if (spawnSync('bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`], { stdio: 'ignore' }).status === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    if (child.exitCode === null) return { child, port, ...out };
    if (!/address already in use/i.test(err)) throw new Error(`openssl s_server failed: ${err}`);
  }
  throw new Error('no free loopback port for openssl s_server');
}

/** `openssl s_client` to `port` writing `payload`; `printed` resolves once the server printed it. */
function client(port: number, payload: string, serverSaid: (re: RegExp) => Promise<void>, marker: RegExp) {
  const child = spawn('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-quiet', '-no_ign_eof'], { stdio: 'pipe' });
  children.push(child);
  child.stdin.write(payload);
  return { pid: child.pid!, printed: serverSaid(marker) };
}

// unique to this run: the same test in another checkout may run alongside
const MARK = `GADGETRY-${process.pid}`;
const PAYLOAD = `${MARK}-TLS-PAYLOAD\n`;

describe.skipIf(skip)('trace_ssl on the running kernel', () => {
  it('reports the client\'s SSL_write and the server\'s SSL_read of a known payload: length and prefix', async () => {
    const srv = await server();
    let clientPid = 0;
    const { events, result } = await collectEvents<TraceSslEvent>(traceSsl, {
      params: { comm: 'openssl' },
      timeoutMs: 15_000,
      onStarted: async () => {
        const c = client(srv.port, PAYLOAD, srv.said, new RegExp(`${MARK}-TLS-PAYLOAD`));
        clientPid = c.pid;
        await c.printed;
      },
      until: (evs) => evs.some((e) => e.op === 'read' && e.data.startsWith(MARK)),
    });
    expect(result.error).toBeUndefined();
    const sent = events.find((e) => e.op === 'write' && e.data.startsWith(MARK));
    const got = events.find((e) => e.op === 'read' && e.data.startsWith(MARK));
    expect(sent).toMatchObject({ pid: clientPid, comm: 'openssl', len: PAYLOAD.length, captured: PAYLOAD.length, data: `${MARK}-TLS-PAYLOAD\\n` });
    expect(got).toMatchObject({ pid: srv.child.pid, comm: 'openssl', len: PAYLOAD.length, data: `${MARK}-TLS-PAYLOAD\\n` });
    expect(got!.latency).toBeGreaterThan(0);
  });

  it('--pid follows one process through the libssl it maps; --data-size bounds the prefix, not the length', async () => {
    const srv = await server();
    const { events, result } = await collectEvents<TraceSslEvent>(traceSsl, {
      params: { pid: String(srv.child.pid), dataSize: '8' },
      timeoutMs: 15_000,
      onStarted: async () => {
        await client(srv.port, PAYLOAD, srv.said, new RegExp(`${MARK}-TLS-PAYLOAD`)).printed;
      },
      until: (evs) => evs.some((e) => e.op === 'read' && e.len === PAYLOAD.length),
    });
    expect(result.error).toBeUndefined();
    expect(events.find((e) => e.op === 'read' && e.len === PAYLOAD.length)).toMatchObject({ captured: 8, data: MARK.slice(0, 8) });
    expect(events.filter((e) => e.pid !== srv.child.pid)).toEqual([]);
    expect(result.events).toBe(events.length);
  });

  it('escapes control characters and bytes outside ASCII in the prefix, and copies nothing past it', async () => {
    const srv = await server();
    const hostile = `${MARK}\x1b[2J\x07\u00e9\\end\n`;
    const { events } = await collectEvents<TraceSslEvent>(traceSsl, {
      params: { comm: 'openssl' },
      timeoutMs: 15_000,
      onStarted: async () => {
        await client(srv.port, hostile, srv.said, /\\end/).printed;
      },
      until: (evs) => evs.some((e) => e.op === 'read' && e.data.startsWith(MARK)),
    });
    const got = events.find((e) => e.op === 'read' && e.data.startsWith(MARK))!;
    expect(got.data).toBe(`${MARK}\\x1b[2J\\x07\\xc3\\xa9\\\\end\\n`);
    expect(got.len).toBe(Buffer.byteLength(hostile));
    expect(got.buf.slice(got.captured).every((b) => b === 0)).toBe(true);
  });

  it('refuses a process that maps no libssl, in one line, before loading anything', async () => {
    const sleeper = spawn('sleep', ['10'], { stdio: 'pipe' });
    children.push(sleeper);
    await new Promise((r) => setTimeout(r, 100));
    let started = false;
    const { result } = await collectEvents(traceSsl, { params: { pid: String(sleeper.pid) }, timeoutMs: 3000, onStarted: () => (started = true) });
    expect(started).toBe(false);
    expect(result.error?.code).toBe('PARAM_INVALID');
    expect(result.error?.message).toBe(`process ${sleeper.pid} maps no libssl (it does not use OpenSSL's shared library): name the library or program with --binary`);
  });
});
