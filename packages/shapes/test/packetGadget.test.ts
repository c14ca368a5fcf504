// packetGadget driven as the runtime drives it: while the run's consumers are
// behind (flow paused) its packet sockets are not read, the receive buffer
// fills, and what the kernel could not keep is reported as socket_full
// losses; the container filter keeps only the events of its mount namespaces.
import { spawnSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import type { EventFlow, MountNsFilter } from '@gadgetry/sdk';
import type { LossReason } from '@gadgetry/errors';
import { packetGadget } from '../src/index.js';
import { FIXTURE_BUILD } from './buildFixtures.js';
import { gadgetContext } from './fixtures/gadgetContext.js';

const skip = kernelTestGate();
const OBJECT = join(FIXTURE_BUILD, 'packet_udp.bpf.o');
const PORT = 46000 + (process.pid % 15000);
const COUNT = 300;

interface Ev {
  mntnsId: number;
}

/** A flow whose paused state the test sets, recording what is reported lost. */
function testFlow(paused: boolean) {
  const listeners = new Set<(p: boolean) => void>();
  const lost: [number, LossReason, string | undefined][] = [];
  let state = paused;
  const flow: EventFlow & { set(p: boolean): void } = {
    get paused() {
      return state;
    },
    onChange: (l) => (listeners.add(l), () => listeners.delete(l)),
    lost: (n, reason, detail) => void lost.push([n, reason, detail]),
    fail: (err) => {
      throw err;
    },
    set(p) {
      state = p;
      for (const l of listeners) l(p);
    },
  };
  return { flow, lost };
}

function sendUdp(count: number): void {
  const r = spawnSync(process.execPath, ['-e', `const s = require('dgram').createSocket('udp4'); let n = 0; const next = () => n++ < ${count} ? s.send(Buffer.alloc(400), ${PORT}, '127.0.0.1', next) : s.close(); next();`], { timeout: 10_000 });
  expect(r.status).toBe(0);
}

const gadget = () =>
  packetGadget<{ bufferBytes: number }, Ev>({
    name: 'packet_test',
    object: OBJECT,
    program: 'udp_filter',
    dropHint: 'raise --socket-buffer-kb',
    configure: (p) => ({ globals: { target_port: PORT }, bufferBytes: p.bufferBytes }),
    events: () => ({ packets: (ps) => ps.map((p) => ({ mntnsId: p.netnsMntns })) }),
  });

describe.skipIf(skip)('packetGadget', () => {
  it('does not read while the flow is paused, and reports what the full receive buffer dropped as socket_full', async () => {
    const g = gadget();
    const { flow, lost } = testFlow(true);
    const events: Ev[] = [];
    g.init(gadgetContext({ bufferBytes: 4096 }, { flow }));
    g.setEventHandlerArray((evs) => events.push(...evs));
    await g.start();
    try {
      sendUdp(COUNT);
      await new Promise((r) => setTimeout(r, 100));
      expect(events).toEqual([]); // paused: nothing read
      flow.set(false);
      await new Promise((r) => setTimeout(r, 200));
      g.stop();
      const dropped = lost.reduce((n, [k]) => n + k, 0);
      expect(dropped).toBeGreaterThan(0);
      expect(lost.every(([, reason, detail]) => reason === 'socket_full' && detail === "the packet socket's receive buffer was full; raise --socket-buffer-kb")).toBe(true);
      expect(events.length + dropped).toBe(COUNT);
    } finally {
      g.close();
    }
  });

  it('keeps only the events of the mount namespaces the container filter names', async () => {
    const own = Number(/\d+/.exec(readlinkSync('/proc/self/ns/mnt'))![0]);
    const run = async (ids: number[]) => {
      const g = gadget();
      const events: Ev[] = [];
      g.init(gadgetContext({ bufferBytes: 1 << 20 }));
      g.setEventHandlerArray((evs) => events.push(...evs));
      const filter: MountNsFilter = { ids: () => ids, onChange: () => () => {} };
      g.setMountNsFilter(filter);
      await g.start();
      try {
        sendUdp(3);
        await new Promise((r) => setTimeout(r, 200));
        g.stop();
      } finally {
        g.close();
      }
      return events;
    };
    expect(await run([own])).toEqual([{ mntnsId: own }, { mntnsId: own }, { mntnsId: own }]);
    expect(await run([own + 1])).toEqual([]);
  });
});
