import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeConfig } from '@kubernetes/client-node';
import { PodWatcher } from './PodWatcher.js';

// A real HTTP server on loopback that accepts requests and never answers (an API server that hangs).
let server: Server;
let port = 0;
beforeAll(async () => {
  server = createServer(() => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('PodWatcher', () => {
  it('gives up on a first list the API server does not answer, with one clear error', async () => {
    const kc = new KubeConfig();
    kc.loadFromClusterAndUser({ name: 'hang', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }, { name: 'u', token: 't' });
    const errors: Error[] = [];
    const watcher = new PodWatcher(kc, 'node-a', (e) => errors.push(e), 300);
    const started = Date.now();
    await expect(watcher.start()).rejects.toMatchObject({ code: 'K8S_API_FAILED', message: 'could not list pods on node node-a: the API server did not answer within 0.3 s' });
    expect(Date.now() - started).toBeLessThan(5000);
    await watcher.stop();
    expect(errors).toEqual([]);
  });
});
