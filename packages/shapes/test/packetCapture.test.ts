// Packet sockets in every network namespace: one that gains a process after
// the capture started is read from the next rescan on, one whose processes
// all left is let go; the sender of each packet leaving the host is known by
// its local port.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Collection, kernelTestGate } from '@gadgetry/native-bpf';
import { PacketCapture, packetOwner, parseIpPacket, IPPROTO_UDP, type CapturedPacket } from '../src/index.js';
import { FIXTURE_BUILD } from './buildFixtures.js';

const skip = kernelTestGate();
const OBJECT = join(FIXTURE_BUILD, 'packet_udp.bpf.o');
const name = `gadgetry-cap-${process.pid}`;
const PORT = 45000 + (process.pid % 15000);

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

describe.skipIf(skip)('PacketCapture', () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
    spawnSync('ip', ['netns', 'delete', name]);
  });

  it('reads a namespace from the rescan after a process entered it, knows who sent, and lets it go once empty', async () => {
    const c = Collection.load(OBJECT, { globals: { target_port: PORT } });
    const packets: CapturedPacket[] = [];
    const capture = new PacketCapture({ collection: c, program: 'udp_filter', rescanMs: 100, onPackets: (ps) => packets.push(...ps.map((p) => ({ ...p, data: Buffer.from(p.data) }))) });
    try {
      capture.start();
      expect(spawnSync('ip', ['netns', 'add', name]).status).toBe(0);
      spawnSync('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
      const inode = statSync(`/run/netns/${name}`).ino;
      expect(capture.namespaces).not.toContain(inode); // nobody is in it yet
      const resident = spawn('ip', ['netns', 'exec', name, 'sleep', '600'], { stdio: 'ignore' });
      children.push(resident);
      await until(() => capture.namespaces.includes(inode));
      expect(capture.namespaces).toContain(inode);
      const sender = spawnSync('ip', ['netns', 'exec', name, process.execPath, '-e', `const s = require('dgram').createSocket('udp4'); s.bind(0, () => { process.title = 'capsend'; s.send('hi', ${PORT}, '127.0.0.1', () => { console.log('port=' + s.address().port); s.close(); }); });`], { encoding: 'utf8', timeout: 10_000 });
      expect(sender.status, sender.stderr).toBe(0);
      const sport = Number(/port=(\d+)/.exec(sender.stdout)?.[1]);
      expect(sport, `sender said: ${sender.stdout}`).toBeGreaterThan(0);
      await until(() => packets.length > 0);
      expect(packets).toHaveLength(1); // loopback's arriving copy is left out
      const mntns = Number(/\d+/.exec(readlinkSync(`/proc/${resident.pid}/ns/mnt`))![0]);
      expect(packets[0]).toMatchObject({ netns: inode, netnsMntns: mntns });
      expect(parseIpPacket(packets[0]!.data)).toMatchObject({ proto: IPPROTO_UDP, sport, dport: PORT, payload: Buffer.from('hi') });
      expect(packetOwner(c, inode, IPPROTO_UDP, sport)).toMatchObject({ pid: sender.pid, comm: 'capsend' });
      expect(packetOwner(c, inode, IPPROTO_UDP, sport === 1 ? 2 : 1)).toBeUndefined();
      resident.kill('SIGKILL');
      await until(() => !capture.namespaces.includes(inode));
      expect(capture.namespaces).not.toContain(inode);
    } finally {
      capture.close();
      c.close();
    }
  });
});
