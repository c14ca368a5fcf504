import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectAgents } from './remoteSupport.js';

/** The warnings of connecting (no call is made: connections open on first use). */
function warningsOf(addresses: string[], tls = {}): string[] {
  const c = connectAgents(addresses, tls);
  try {
    return c.warnings ?? [];
  } finally {
    c.close();
  }
}

describe('connectAgents', () => {
  it('warns once per agent reached over plaintext TCP beyond loopback', () => {
    const w = warningsOf(['10.20.0.5:7411', '127.0.0.1:7411', 'node-b.example:7411']);
    expect(w).toHaveLength(2);
    expect(w[0]).toMatch(/^--remote 10\.20\.0\.5:7411: plaintext TCP without --tls-ca\/--tls-cert\/--tls-key/);
    expect(w[1]).toMatch(/^--remote node-b\.example:7411: plaintext TCP/);
  });

  it('says nothing for loopback, unix sockets or TLS', () => {
    expect(warningsOf(['127.0.0.1:7411', '127.9.9.9:1', 'localhost:7411', '[::1]:7411', 'unix:///run/gadgetry/gadgetry.sock'])).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'gadgetry-remote-tls-'));
    try {
      const [cert, key] = [join(dir, 'c.pem'), join(dir, 'k.pem')];
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=t', '-days', '1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
      expect(warningsOf(['10.20.0.5:7411'], { ca: cert, cert, key })).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
