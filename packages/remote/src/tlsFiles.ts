import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import * as grpc from '@grpc/grpc-js';

/** The server name sent for an agent reached by IP (RFC 6066 allows no IP there); the IP itself is what is checked. */
export const TLS_NAME = 'gadgetry-agent';
import { RemoteTlsInvalidError } from './remoteErrors.js';

/** A PEM file the user named, read once; unreadable is REMOTE_TLS_INVALID naming the flag. */
function pem(flag: string, path: string): Buffer {
  try {
    const data = readFileSync(path);
    if (!data.includes('-----BEGIN ')) throw new Error('not a PEM file');
    return data;
  } catch (err) {
    throw new RemoteTlsInvalidError(`cannot read ${flag} ${JSON.stringify(path.slice(0, 200))}: ${(err as Error).message}`, err);
  }
}

export interface ServerTlsFiles {
  cert: string;
  key: string;
  clientCa: string;
}

/** Mutual TLS for the agent: its certificate, and the CA every client certificate must be signed by (checked in the handshake). */
export function serverCredentials(tls: ServerTlsFiles): grpc.ServerCredentials {
  return grpc.ServerCredentials.createSsl(pem('--tls-client-ca', tls.clientCa), [{ cert_chain: pem('--tls-cert', tls.cert), private_key: pem('--tls-key', tls.key) }], true);
}

export interface ClientTlsFiles {
  ca?: string;
  cert?: string;
  key?: string;
}

/**
 * TLS for a client of TCP agents: the agents' CA, and this client's
 * certificate and key. `host` is the agent's address: an IP is checked
 * against the certificate's subjectAltName here, as TLS may not carry an IP
 * as the server name (see TLS_NAME).
 */
export function clientCredentials(tls: ClientTlsFiles, host?: string): grpc.ChannelCredentials {
  if (tls.ca === undefined) throw new RemoteTlsInvalidError('a host:port agent needs --tls-ca (the CA that signed the agent\'s certificate), and --tls-cert with --tls-key for this client');
  if ((tls.cert === undefined) !== (tls.key === undefined)) throw new RemoteTlsInvalidError('--tls-cert and --tls-key go together: give both');
  const ca = pem('--tls-ca', tls.ca);
  const verify = host !== undefined && isIP(host) ? { checkServerIdentity: (_name: string, cert: PeerCertificate) => checkServerIdentity(host, cert) } : {};
  if (tls.cert === undefined) return grpc.credentials.createSsl(ca, null, null, verify);
  return grpc.credentials.createSsl(ca, pem('--tls-key', tls.key!), pem('--tls-cert', tls.cert), verify);
}
