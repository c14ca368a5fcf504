import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { isIP } from 'node:net';
import { uiNeedsToken, type CliIO, type GadgetInfo, type RunMessage, type UiListen, type UiView } from '@gadgetry/runtime';
import { RunBroadcast } from './RunBroadcast.js';
import { WebServer } from './WebServer.js';
import type { QueueLimits } from './ClientQueue.js';

/** The bundled page beside this module once built (dist/page). */
export const PAGE_DIR = fileURLToPath(new URL('./page/', import.meta.url));

export interface RunViewOptions {
  pageDir?: string;
  limits?: QueueLimits;
}

/** The address a browser opens: the token in it when there is one. */
export function viewUrl(listen: UiListen, port: number): string {
  const host = isIP(listen.host) === 6 ? `[${listen.host}]` : listen.host;
  return `http://${host}:${port}/${listen.token !== undefined ? `?token=${encodeURIComponent(listen.token)}` : ''}`;
}

/** Beyond loopback a token is required: the one given, or a new one. */
export function withToken(listen: UiListen): { listen: UiListen; generated: boolean } {
  if (listen.token !== undefined || !uiNeedsToken(listen)) return { listen, generated: false };
  return { listen: { ...listen, token: randomBytes(18).toString('base64url') }, generated: true };
}

/**
 * One run in the browser: GET /info is the gadget (GadgetInfo), GET /events
 * the run's messages as Server-Sent Events, each the wire JSON of a RunMessage.
 */
export async function startRunView(info: GadgetInfo, given: UiListen, io: CliIO, options: RunViewOptions = {}): Promise<UiView> {
  const { listen, generated } = withToken(given);
  const broadcast = new RunBroadcast(options.limits);
  const infoJson = JSON.stringify(info);
  let server: WebServer | undefined;
  server = await WebServer.listen({
    listen,
    pageDir: options.pageDir ?? PAGE_DIR,
    route: (req, res, url) => {
      if (req.method !== 'GET') return false;
      if (url.pathname === '/info') {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(infoJson);
        return true;
      }
      if (url.pathname === '/events') {
        if (server!.openStream(res)) broadcast.attach(res);
        return true;
      }
      return false;
    },
  });
  const url = viewUrl(listen, server.port);
  io.err(`ui: ${url}\n`);
  if (generated) io.err('ui: the web view is served beyond this host: every request needs the token in that URL\n');
  return {
    url,
    observe: (message: RunMessage) => broadcast.observe(message),
    async close() {
      broadcast.end();
      await server.close();
    },
  };
}
