import { quoteInput } from '@gadgetry/errors';
import type { GadgetInfo } from '../runner/GadgetInfo.js';
import type { RunMessage } from '../runner/RunMessage.js';
import type { CliIO } from './CliIO.js';
import { UsageError } from '../errors.js';
import { hostPortOf } from './listenAddress.js';

/** Where --metrics serves Prometheus text: loopback unless a host is given. */
export interface MetricsListen {
  host: string;
  port: number;
}

/** A run's metrics being exported; it sees every message of the run, in order. */
export interface MetricsExport {
  observe(message: RunMessage): void;
  /** Sends what is left (OTLP) and stops serving. */
  close(): Promise<void>;
}

export interface MetricsExportOptions {
  /** --metrics: serve Prometheus text format there. */
  prometheus?: MetricsListen;
  /** --otlp: push to this OTLP/HTTP metrics URL. */
  otlp?: URL;
  /** Milliseconds between OTLP pushes. */
  otlpIntervalMs?: number;
  io: CliIO;
}

/**
 * Metrics from a run (--metrics, --otlp): implemented by @gadgetry/metrics and
 * passed in by the gadgetry command, so the runtime itself needs no
 * Prometheus or OpenTelemetry code. `start` throws a listen failure before the
 * gadget loads anything.
 */
export interface MetricsSupport {
  start(info: GadgetInfo, options: MetricsExportOptions): Promise<MetricsExport>;
}


/** --metrics [host:]port; a host, [v6] or name, must be given to listen beyond loopback. */
export function parseMetricsListen(value: string): MetricsListen {
  const bad = () =>
    new UsageError(`invalid --metrics ${quoteInput(value)}: expected [host:]port, e.g. 9464 (on 127.0.0.1) or 0.0.0.0:9464 to serve every interface`);
  const at = hostPortOf(value);
  if (!at) throw bad();
  return at;
}

/** --otlp: an http(s) URL; a bare host:port URL gets the standard /v1/metrics path. */
export function parseOtlpEndpoint(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    url = new URL('invalid:');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new UsageError(`invalid --otlp ${quoteInput(value)}: expected an OTLP/HTTP URL, e.g. http://127.0.0.1:4318 (metrics go to /v1/metrics)`);
  }
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/v1/metrics';
  return url;
}

/** True for an address only this host reaches. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
