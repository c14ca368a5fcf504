// Values that mean "none" or "does not apply" show as nothing, through the
// real CLI and the running kernel: a unix socket's IP protocol, addresses and
// ports (snapshot_socket), a reset's drop reason and the state of a packet
// without a socket (trace_tcpdrop), the MS_* flags of calls other than
// mount() (trace_mount). The raw value stays under <field>Raw.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { cliRun } from './fixtures/cliRun.js';

const skip = kernelTestGate();
const dir = mkdtempSync(join(tmpdir(), 'gadgetry-none-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A port on 127.0.0.1 that nothing listens on: taken, then freed. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe.skipIf(skip)('values that mean none show as nothing', () => {
  it('snapshot_socket: a unix socket has no protocol, addresses or ports, in columns and JSON', async () => {
    const path = join(dir, 'none.sock');
    const server: Server = createServer();
    await new Promise<void>((r) => server.listen(path, r));
    try {
      const json = await cliRun(['snapshot_socket', '--proto', 'unix', '--pid', String(process.pid), '-o', 'json']);
      expect(json.code, json.stderr).toBe(0);
      const mine = json.events.find((e) => e.path === path);
      expect(mine, json.stdout).toBeDefined();
      expect(mine).toMatchObject({ family: 'UNIX', protocol: '', protocolRaw: 0, saddr: null, sport: null, daddr: null, dport: null, state: 'LISTEN' });
      expect(mine!.saddrRaw).toEqual(new Array(16).fill(0));

      const cols = await cliRun(['snapshot_socket', '--proto', 'unix', '--pid', String(process.pid), '--fields', 'protocol,saddr,sport,daddr,dport,family,path']);
      expect(cols.code, cols.stderr).toBe(0);
      const row = cols.stdout.split('\n').find((l) => l.includes(path));
      expect(row, cols.stdout).toBeDefined();
      // nothing but blanks before the family: no IP, no ::, no 0
      expect(row!.slice(0, row!.indexOf('UNIX')).trim(), row).toBe('');
    } finally {
      server.close();
    }
  });

  it('trace_tcpdrop: a reset has no drop reason, and a packet to a closed port no socket state', async () => {
    const port = await closedPort();
    const run = await cliRun(['trace_tcpdrop', '--filter', `sport:${port}`, '-o', 'json'], async () => {
      await new Promise<void>((resolve) => {
        const c = connect(port, '127.0.0.1');
        c.on('error', () => resolve());
        c.on('connect', () => (c.destroy(), resolve()));
      });
    });
    expect(run.caused, run.stderr).toBe(true);
    const reset = run.events.find((e) => e.type === 'RESET');
    expect(reset, run.stdout).toBeDefined();
    expect(reset).toMatchObject({ reason: '', reasonRaw: 0, state: '', stateRaw: 0 });
  });

  it('trace_mount: umount2 has no MS_* flags: FLAGS is blank, flagsRaw 0', async () => {
    const target = join(dir, 'not-a-mount');
    spawnSync('mkdir', ['-p', target]);
    const script = `import ctypes,sys\nlibc=ctypes.CDLL(None,use_errno=True)\nlibc.umount2(sys.argv[1].encode(),0)`;
    const run = await cliRun(['trace_mount', '--comm', 'python3', '-o', 'json'], () => void spawnSync('python3', ['-c', script, target]));
    const call = run.events.find((e) => e.syscall === 'umount2' && e.target === target);
    expect(call, `${run.stdout}\n${run.stderr}`).toBeDefined();
    expect(call).toMatchObject({ flags: '', flagsRaw: 0, err: 'EINVAL' });
  });
});
