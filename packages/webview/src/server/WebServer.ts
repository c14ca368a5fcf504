import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import { GadgetryError } from '@gadgetry/errors';
import type { UiListen } from '@gadgetry/runtime';

/** The bundled page's files: the only ones served, never a path the request names. */
const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

const WHY: Record<string, string> = {
  EADDRINUSE: 'the port is in use',
  EADDRNOTAVAIL: 'the address is not one of this host\'s',
  EACCES: 'binding it needs a privilege',
  ENOTFOUND: 'the host name does not resolve',
};

/** Tabs open at once; one more is refused (each holds a bounded queue). */
const MAX_STREAMS = 16;

export type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

export interface WebServerOptions {
  listen: UiListen;
  /** Where the bundled page is (dist/page). */
  pageDir: string;
  /** The app's own routes (/info, /events, ...), tried before the static files; true when handled. */
  route: Route;
}

const sameToken = (given: string, token: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * The web view's HTTP server: the bundled page and the app's routes. With a
 * token every request must carry it (?token=, Authorization: Bearer, or the
 * cookie a request with the right token sets): none is 401, a wrong one 403. Without one (loopback only) the Host header
 * must name loopback, so a page elsewhere cannot reach it through DNS rebinding.
 */
export class WebServer {
  readonly #server: Server;
  readonly #options: WebServerOptions;
  #streams = 0;

  private constructor(server: Server, options: WebServerOptions) {
    this.#server = server;
    this.#options = options;
  }

  static async listen(options: WebServerOptions): Promise<WebServer> {
    const server = createServer();
    const web = new WebServer(server, options);
    server.on('request', (req, res) => void web.#handle(req, res));
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => {
        const why = WHY[err.code ?? ''] ?? err.message;
        const { host, port } = options.listen;
        reject(new GadgetryError('UI_LISTEN_FAILED', `cannot serve the web view on ${host}:${port}: ${why}; leave the port out (--ui alone picks a free one) or pick another`));
      });
      server.listen({ host: options.listen.host, port: options.listen.port, exclusive: true }, () => resolve());
    });
    return web;
  }

  get port(): number {
    const address = this.#server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  /** Counts an open event stream; false when there are too many. */
  openStream(res: ServerResponse): boolean {
    if (this.#streams >= MAX_STREAMS) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end(`too many open views (${MAX_STREAMS}); close a tab\n`);
      return false;
    }
    this.#streams++;
    res.on('close', () => this.#streams--);
    return true;
  }

  /** Stops listening; streams already ended get a moment to deliver their last messages, then every connection is cut. */
  async close(graceMs = 1000): Promise<void> {
    await new Promise<void>((resolve) => {
      const cut = setTimeout(() => this.#server.closeAllConnections(), graceMs);
      this.#server.close(() => {
        clearTimeout(cut);
        resolve();
      });
      this.#server.closeIdleConnections();
    });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://view.invalid');
      if (!this.#allowed(req, res, url)) return;
      if (await this.#options.route(req, res, url)) return;
      const file = req.method === 'GET' ? STATIC[url.pathname] : undefined;
      if (!file) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      const body = await readFile(join(this.#options.pageDir, file.file));
      res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' }).end(body);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`${err instanceof Error ? err.message : String(err)}\n`);
    }
  }

  #allowed(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
    const { token } = this.#options.listen;
    if (token === undefined) {
      const host = (req.headers.host ?? '').replace(/:\d+$/, '');
      if (host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host)) return true;
      res.writeHead(403, { 'content-type': 'text/plain' }).end('the web view answers loopback names only (127.0.0.1, localhost); serve it elsewhere with --ui host:port and a token\n');
      return false;
    }
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const cookie = this.#cookieToken(req);
    const given = url.searchParams.get('token') ?? bearer ?? cookie;
    if (given === undefined || given === null) {
      res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' }).end('this web view needs its token: open the URL gadgetry printed (…?token=…)\n');
      return false;
    }
    if (!sameToken(given, token)) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('wrong token for this web view\n');
      return false;
    }
    // the page's own files (app.js, app.css) are loaded without the query: the cookie carries the token for them
    if (cookie !== given) res.setHeader('set-cookie', `${this.#cookieName()}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`);
    return true;
  }

  /** Cookies are per host, not per port: the name tells views on other ports apart. */
  #cookieName(): string {
    return `gadgetry_ui_${this.port}`;
  }

  #cookieToken(req: IncomingMessage): string | undefined {
    const name = this.#cookieName();
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [k, v] = part.trim().split('=', 2);
      if (k === name && v !== undefined) {
        try {
          return decodeURIComponent(v);
        } catch {
          return undefined;
        }
      }
    }
    return undefined;
  }
}
