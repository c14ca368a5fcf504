// Test peers: an openssl s_server with a throwaway self-signed certificate,
// and openssl s_client runs against it, each a process of its own, ended by
// killPeers() of the shared peer fixture. Every wait is bounded.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trackPeer } from '../../../packages/shapes/test/fixtures/peerProcesses.js';

export interface TlsServer {
  port: number;
  stop(): void;
}

/** openssl s_server on 127.0.0.1:port, with a certificate made for the purpose; resolves once it accepts. */
export async function tlsServer(port: number): Promise<TlsServer> {
  const dir = mkdtempSync(join(tmpdir(), 'gadgetry-sni-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=example.test', '-days', '1', '-keyout', key, '-out', cert], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (made.status !== 0) throw new Error(`openssl req failed: ${made.stderr}`);
  const child = spawn('openssl', ['s_server', '-accept', `127.0.0.1:${port}`, '-cert', cert, '-key', key, '-naccept', '100'], { stdio: ['pipe', 'pipe', 'pipe'] });
  trackPeer(child);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('openssl s_server did not start in 10 s')), 10_000);
    child.stdout!.on('data', (d: Buffer) => {
      if (String(d).includes('ACCEPT')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`openssl s_server exited (${code})`));
    });
  });
  return {
    port,
    stop() {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** openssl s_client to 127.0.0.1:port asking for `serverName`; resolves with its pid once it has exited. */
export function tlsClient(port: number, serverName: string): Promise<number> {
  const child = spawn('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', serverName], { stdio: ['pipe', 'ignore', 'ignore'] });
  trackPeer(child);
  // stdin left open for a moment: the handshake completes before EOF ends the session
  setTimeout(() => child.stdin!.end(), 300);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('openssl s_client did not finish in 10 s')), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(child.pid!);
    });
  });
}
