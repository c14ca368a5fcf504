import { isAbsolute } from 'node:path';
import { RemoteAddressInvalidError } from './remoteErrors.js';

/** Where an agent listens or is reached: a unix socket, or TCP. */
export type AgentAddress = { kind: 'unix'; path: string } | { kind: 'tcp'; host: string; port: number };

export const DEFAULT_SOCKET = '/run/gadgetry/gadgetry.sock';

const HINT = 'use unix:///run/gadgetry/gadgetry.sock, host:port or [ipv6]:port';

/** Reads unix:///absolute/path, host:port or [v6]:port (port 0: any free port, for listening); anything else is REMOTE_ADDRESS_INVALID. */
export function parseAgentAddress(text: string): AgentAddress {
  const shown = JSON.stringify(text.slice(0, 200));
  if (text.startsWith('unix://')) {
    const path = text.slice('unix://'.length);
    if (!isAbsolute(path) || path.includes('\0')) throw new RemoteAddressInvalidError(`address ${shown} needs an absolute socket path after unix:// (unix:///run/gadgetry/gadgetry.sock); ${HINT}`);
    return { kind: 'unix', path };
  }
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new RemoteAddressInvalidError(`address ${shown} is not an agent address; ${HINT}`);
  return { kind: 'tcp', host: m[1] ?? m[2]!, port };
}

/** The address as gRPC targets and bind addresses write it. */
export function grpcTarget(a: AgentAddress): string {
  if (a.kind === 'unix') return `unix://${a.path}`;
  return a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}
