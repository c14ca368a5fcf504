import { isIP } from 'node:net';

/** Where a server of the run listens when no host is given. */
export const LOOPBACK = '127.0.0.1';

/**
 * `[host:]port` as --metrics and --ui take it: a host is an IPv4 address, a
 * bracketed IPv6 one or a name (127.0.0.1 when absent); undefined when the
 * text is none of those, so each flag says what it expects.
 */
export function hostPortOf(value: string): { host: string; port: number } | undefined {
  const m = /^(?:(\[[0-9a-fA-F:.]+\]|[^:[\]]+):)?(\d{1,5})$/.exec(value);
  if (!m) return undefined;
  const port = Number(m[2]);
  if (port > 65535) return undefined;
  let host = m[1] ?? LOOPBACK;
  if (host.startsWith('[')) {
    host = host.slice(1, -1);
    if (isIP(host) !== 6) return undefined;
  } else if (isIP(host) === 0 && !/^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$/.test(host)) {
    return undefined;
  }
  return { host, port };
}
