import { describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { collectEvents } from '@gadgetry/runtime';
import gadget, { type __PASCAL__Event } from './index.js';

const skip = kernelTestGate();

describe.skipIf(skip)('__NAME__ on the running kernel', () => {
  it('lists this process once, with its parent', async () => {
    const { events, result } = await collectEvents<__PASCAL__Event>(gadget, { traceSelf: true }); // this process runs the gadget (the runtime)
    expect(result.reason).toBe('completed');
    const mine = events.filter((e) => e.pid === process.pid);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ ppid: process.ppid, uid: process.getuid!() });
  });
});
