import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CliIO, GadgetRunner, UiListen } from '@gadgetry/runtime';
import { LaunchedRuns } from './LaunchedRuns.js';
import { PAGE_DIR, viewUrl, withToken } from './RunView.js';
import { WebServer } from './WebServer.js';

/** A request body the launcher reads at most. */
const MAX_BODY = 64 * 1024;

const json = (res: ServerResponse, status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(value));

/** The body of a POST, as JSON: only application/json, so a page elsewhere cannot send one without a CORS preflight (never answered). */
async function jsonBody(req: IncomingMessage): Promise<unknown> {
  if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) throw new Error('send application/json');
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${req.headers.host}`) throw new Error('requests from another origin are refused');
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error(`the body is over ${MAX_BODY} bytes`);
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

const isParams = (v: unknown): v is Record<string, string> => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');

/**
 * gadgetry ui: the page lists the runner's gadgets (this host's or the
 * --remote agents'), shows a gadget's params as a form, and starts and stops
 * runs, each shown as `gadgetry run --ui` shows one. Resolves with the exit
 * status once `stopped` resolves (Ctrl-C) and every run has ended.
 */
export async function launchUi(runner: GadgetRunner, given: UiListen, io: CliIO, stopped: Promise<void>, pageDir = PAGE_DIR): Promise<number> {
  const { listen, generated } = withToken(given);
  const runs = new LaunchedRuns(runner);
  let server: WebServer | undefined;
  server = await WebServer.listen({
    listen,
    pageDir,
    route: async (req, res, url) => {
      const path = url.pathname;
      if (req.method === 'GET' && path === '/gadgets') {
        const { gadgets } = await runner.list();
        json(res, 200, gadgets.map(({ name, type, category, description, node }) => ({ name, type, category, description, ...(node !== undefined ? { node } : {}) })));
        return true;
      }
      if (req.method === 'GET' && path === '/describe') {
        try {
          json(res, 200, await runner.describe(url.searchParams.get('gadget') ?? ''));
        } catch (err) {
          json(res, 400, { error: (err as Error).message });
        }
        return true;
      }
      if (req.method === 'GET' && path === '/runs') {
        json(res, 200, runs.list());
        return true;
      }
      if (req.method === 'POST' && path === '/runs') {
        try {
          const body = (await jsonBody(req)) as { gadget?: unknown; params?: unknown };
          if (typeof body.gadget !== 'string' || !isParams(body.params ?? {})) throw new Error('expected {"gadget": name, "params": {flag: text}}');
          const run = await runs.start(body.gadget, (body.params ?? {}) as Record<string, string>);
          json(res, 201, { id: run.id });
        } catch (err) {
          json(res, 400, { error: (err as Error).message });
        }
        return true;
      }
      const m = /^\/runs\/([0-9a-f]{12})\/(info|events|stop)$/.exec(path);
      if (!m) return false;
      const run = runs.get(m[1]!);
      if (!run) {
        json(res, 404, { error: 'no such run' });
        return true;
      }
      if (m[2] === 'info' && req.method === 'GET') json(res, 200, run.info);
      else if (m[2] === 'events' && req.method === 'GET') {
        if (server!.openStream(res)) run.broadcast.attach(res);
      } else if (m[2] === 'stop' && req.method === 'POST') {
        try {
          await jsonBody(req);
          runs.stop(run.id);
          json(res, 200, { stopped: run.id });
        } catch (err) {
          json(res, 400, { error: (err as Error).message });
        }
      } else json(res, 405, { error: 'method not allowed' });
      return true;
    },
  });
  io.err(`ui: ${viewUrl(listen, server.port)}\n`);
  if (generated) io.err('ui: the web view is served beyond this host: every request needs the token in that URL\n');
  await stopped;
  await runs.stopAll();
  await server.close();
  return 0;
}
