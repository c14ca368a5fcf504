import { closeSync, openSync, writeSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { collectEvents } from '@gadgetry/runtime';
import gadget, { type __PASCAL__Event } from './index.js';

const skip = kernelTestGate();

describe.skipIf(skip)('__NAME__ on the running kernel', () => {
  it('counts at least the system calls this process makes', async () => {
    const mine = (rows: __PASCAL__Event[]) => rows.find((r) => r.pid === process.pid && r.calls >= 200);
    const { tables } = await collectEvents<__PASCAL__Event>(gadget, {
      params: { interval: '0.3' },
      traceSelf: true, // count this process too, which runs the gadget (the runtime)
      timeoutMs: 10_000,
      onStarted: () => {
        const fd = openSync('/dev/null', 'w');
        for (let i = 0; i < 200; i++) writeSync(fd, 'x');
        closeSync(fd);
      },
      until: (rows) => mine(rows) !== undefined,
    });
    expect(tables.map(mine).find(Boolean)).toMatchObject({ pid: process.pid, uid: process.getuid!() });
  });
});
