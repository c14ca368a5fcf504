import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIO, GadgetInfo, UiView } from '@gadgetry/runtime';
import { startRunView } from './RunView.js';

const pageDir = mkdtempSync(join(tmpdir(), 'gadgetry-webview-page-'));
writeFileSync(join(pageDir, 'index.html'), '<!doctype html><div id="app"></div>');
writeFileSync(join(pageDir, 'app.js'), 'export {};');
writeFileSync(join(pageDir, 'app.css'), 'body{}');
afterAll(() => rmSync(pageDir, { recursive: true, force: true }));

const info = { version: 1, name: 'trace_x', description: 'x', category: 'trace', type: 'trace', package: { name: 'x', version: '1.0.0' }, params: [], operators: [], fields: [] } as GadgetInfo;

function testIO() {
  let err = '';
  const io = { out: () => {}, err: (s: string) => (err += s), env: {} } as unknown as CliIO;
  return { io, err: () => err };
}

/** GET on 127.0.0.1:port with these headers: status and body (the body up to `until` for a stream). */
function get(port: number, path: string, headers: Record<string, string> = {}, until?: (body: string) => boolean): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        body += d;
        if (until?.(body)) {
          resolve({ status: res.statusCode ?? 0, body });
          req.destroy();
        }
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const portOf = (view: UiView) => Number(new URL(view.url).port);

describe('the web view server', () => {
  it('on loopback: serves the page and info, and refuses a Host that is not loopback (DNS rebinding)', async () => {
    const { io, err } = testIO();
    const view = await startRunView(info, { host: '127.0.0.1', port: 0 }, io, { pageDir });
    try {
      expect(view.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(err()).toBe(`ui: ${view.url}\n`);
      const port = portOf(view);
      expect(await get(port, '/')).toEqual({ status: 200, body: '<!doctype html><div id="app"></div>' });
      expect(JSON.parse((await get(port, '/info')).body)).toEqual(info);
      expect((await get(port, '/../../etc/passwd')).status).toBe(404);
      expect((await get(port, '/', { host: 'attacker.example:80' })).status).toBe(403);
    } finally {
      await view.close();
    }
  });

  it('with a token: none is 401, a wrong one 403, the right one (query or bearer) passes', async () => {
    const { io } = testIO();
    const view = await startRunView(info, { host: '127.0.0.1', port: 0, token: 'sesame-0123' }, io, { pageDir });
    try {
      const port = portOf(view);
      expect(view.url).toBe(`http://127.0.0.1:${port}/?token=sesame-0123`);
      expect((await get(port, '/info')).status).toBe(401);
      expect((await get(port, '/info?token=sesame-0124')).status).toBe(403);
      expect((await get(port, '/events?token=x')).status).toBe(403);
      expect((await get(port, '/info?token=sesame-0123')).status).toBe(200);
      expect((await get(port, '/', { authorization: 'Bearer sesame-0123' })).status).toBe(200);
      // the page's files come without the query: the cookie set with the page carries the token
      expect((await get(port, '/app.js', { cookie: `gadgetry_ui_${port}=sesame-0123` })).status).toBe(200);
      expect((await get(port, '/app.js', { cookie: `gadgetry_ui_${port}=sesame-0124` })).status).toBe(403);
      expect((await get(port, '/app.js', { cookie: `gadgetry_ui_1=sesame-0123` })).status).toBe(401);
    } finally {
      await view.close();
    }
  });

  it('beyond loopback without a token: generates one and prints it in the URL', async () => {
    const { io, err } = testIO();
    const view = await startRunView(info, { host: '0.0.0.0', port: 0 }, io, { pageDir });
    try {
      const token = new URL(view.url).searchParams.get('token');
      expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(err()).toContain(`ui: ${view.url}\n`);
      expect((await get(portOf(view), '/info')).status).toBe(401);
      expect((await get(portOf(view), `/info?token=${token}`)).status).toBe(200);
    } finally {
      await view.close();
    }
  });

  it('a tab opened late gets the start and the latest table, then what comes, as wire JSON', async () => {
    const { io } = testIO();
    const view = await startRunView(info, { host: '127.0.0.1', port: 0 }, io, { pageDir });
    try {
      view.observe({ type: 'started', gadget: 'trace_x', host: { bootToEpochNs: '0', arch: 'x64' }, node: 'n' });
      view.observe({ type: 'table', events: [{ n: 1n }], node: 'n' });
      view.observe({ type: 'table', events: [{ n: 2n ** 64n - 1n }], node: 'n' });
      const stream = get(portOf(view), '/events', {}, (b) => b.includes('"events"') && b.includes('"done"'));
      await new Promise((r) => setTimeout(r, 200));
      view.observe({ type: 'events', events: [{ pid: 7 }], node: 'n' });
      view.observe({ type: 'done', reason: 'stopped', cleanupErrors: [], node: 'n' });
      const { status, body } = await stream;
      expect(status).toBe(200);
      const messages = body.split('\n\n').filter(Boolean).map((m) => JSON.parse(m.replace(/^data: /, '')) as { type: string; events?: unknown[] });
      expect(messages.map((m) => m.type)).toEqual(['started', 'table', 'events', 'done']);
      expect(messages[1]!.events).toEqual([{ n: { $bigint: '18446744073709551615' } }]);
    } finally {
      await view.close();
    }
  });

  it('a port in use is UI_LISTEN_FAILED, one line', async () => {
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const port = (holder.address() as { port: number }).port;
    try {
      await expect(startRunView(info, { host: '127.0.0.1', port }, testIO().io, { pageDir })).rejects.toMatchObject({
        code: 'UI_LISTEN_FAILED',
        message: `cannot serve the web view on 127.0.0.1:${port}: the port is in use; leave the port out (--ui alone picks a free one) or pick another`,
      });
    } finally {
      holder.close();
    }
  });
});
