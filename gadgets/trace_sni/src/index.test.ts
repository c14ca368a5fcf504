// trace_sni on the running kernel: openssl s_client asking for a server name
// from an openssl s_server on loopback.
import { afterEach, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { collectEvents } from '@gadgetry/runtime';
import gadget, { type TraceSniEvent } from './index.js';
import { killPeers } from '../../../packages/shapes/test/fixtures/peerProcesses.js';
import { tlsClient, tlsServer } from './tlsPeers.js';

const skip = kernelTestGate();
afterEach(killPeers);
const LOCAL = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1];
const AF_INET = 2;

describe.skipIf(skip)('trace_sni on the running kernel', () => {
  it('a ClientHello for example.test: the name, the 4-tuple and the client process', async () => {
    const server = await tlsServer(43000 + (process.pid % 20000));
    let pid = 0;
    try {
      const { events, result } = await collectEvents<TraceSniEvent>(gadget, {
        timeoutMs: 15_000,
        onStarted: async () => void (pid = await tlsClient(server.port, 'example.test')),
        until: (evs) => pid !== 0 && evs.some((e) => e.dport === server.port),
      });
      expect(result.error).toBeUndefined();
      const mine = events.filter((e) => e.dport === server.port);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ name: 'example.test', saddr: LOCAL, daddr: LOCAL, dport: server.port, family: AF_INET, pid, comm: 'openssl', version: 0x0303 });
      expect(mine[0]!.sport).toBeGreaterThan(0);
      expect(mine[0]!.mntnsId).toBeGreaterThan(0);
    } finally {
      server.stop();
    }
  });

  it('refuses a bad --socket-buffer-kb with one line, before it starts', async () => {
    let started = false;
    const { result } = await collectEvents(gadget, { params: { 'socket-buffer-kb': '1' }, onStarted: () => void (started = true) });
    expect(started).toBe(false);
    expect(result.error?.code).toBe('PARAM_INVALID');
    expect(result.error?.message).toMatch(/socket-buffer-kb/);
  });
});
