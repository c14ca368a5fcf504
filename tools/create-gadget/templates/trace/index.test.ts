import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { collectEvents } from '@gadgetry/runtime';
import gadget, { type __PASCAL__Event } from './index.js';

const skip = kernelTestGate();

describe.skipIf(skip)('__NAME__ on the running kernel', () => {
  it('reports a SIGTERM this process sends to a child', async () => {
    const child = spawn('sleep', ['30']);
    const { events } = await collectEvents<__PASCAL__Event>(gadget, {
      params: { signal: '15' },
      traceSelf: true, // the kill comes from this process, which runs the gadget (the runtime)
      timeoutMs: 10_000,
      onStarted: () => process.kill(child.pid!, 'SIGTERM'),
      until: (evs) => evs.some((e) => e.targetPid === child.pid),
    });
    const ev = events.find((e) => e.targetPid === child.pid);
    expect(ev).toMatchObject({ pid: process.pid, signal: 15, uid: process.getuid!() });
    expect(events.every((e) => e.signal === 15)).toBe(true);
  });
});
