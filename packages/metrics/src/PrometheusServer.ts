import { createServer, type Server } from 'node:http';
import { GadgetryError } from '@gadgetry/errors';
import type { MetricsListen } from '@gadgetry/runtime';
import type { MetricFamily } from './MetricStore.js';
import { prometheusText } from './prometheusText.js';

const WHY: Record<string, string> = {
  EADDRINUSE: 'the port is in use',
  EADDRNOTAVAIL: 'the address is not one of this host\'s',
  EACCES: 'binding it needs a privilege',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name does not resolve',
};

/** Serves GET /metrics in Prometheus text format; everything else is 404. */
export class PrometheusServer {
  readonly #server: Server;

  private constructor(server: Server) {
    this.#server = server;
  }

  /** Listens at `at`; a failure (port in use) is METRICS_LISTEN_FAILED, one line. */
  static async listen(at: MetricsListen, collect: () => MetricFamily[]): Promise<PrometheusServer> {
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || (req.url ?? '/').split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('gadgetry serves metrics at /metrics\n');
        return;
      }
      prometheusText(collect()).then(
        ({ text, contentType }) => res.writeHead(200, { 'content-type': contentType }).end(text),
        (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${err instanceof Error ? err.message : String(err)}\n`),
      );
    });
    // a scrape is small: a client that holds a connection open does not keep the run from ending
    server.keepAliveTimeout = 5000;
    server.requestTimeout = 10_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => {
        const why = WHY[err.code ?? ''] ?? err.message;
        reject(new GadgetryError('METRICS_LISTEN_FAILED', `cannot serve --metrics on ${at.host}:${at.port}: ${why}; pick another port or address`));
      });
      server.listen({ host: at.host, port: at.port, exclusive: true }, () => resolve());
    });
    return new PrometheusServer(server);
  }

  /** The port it listens on (the one the system chose for port 0). */
  get port(): number {
    const address = this.#server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }
}
