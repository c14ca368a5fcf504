import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Collection, kernelTestGate } from '../src/index.js';
import { FIXTURE_BUILD } from './buildFixtures.js';

const skip = kernelTestGate();
const SELF = join(FIXTURE_BUILD, 'self.bpf.o');

/** getppid() once per read of process.ppid: what the fixture's program counts. */
function triggerGetppid(times: number): void {
  for (let i = 0; i < times; i++) void process.ppid;
}

const open: Collection[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

/** getppid() calls the fixture counted for this process after `times` calls. */
function countedCalls(options: Parameters<typeof Collection.load>[1], times = 5): { counted: number; collection: Collection } {
  const c = Collection.load(SELF, { ...options, globals: { only_tgid: process.pid, ...options?.globals } });
  open.push(c);
  c.attach('on_getppid');
  triggerGetppid(times);
  c.detachAll();
  const key = Buffer.alloc(4);
  key.writeUInt32LE(process.pid);
  return { counted: Number(c.map('calls').lookup(key)?.readBigUInt64LE() ?? 0n), collection: c };
}

describe.skipIf(skip)('optional globals', () => {
  it('the binding sets no global by itself: this process\'s calls are seen', () => {
    expect(countedCalls({}).counted).toBe(5);
  });

  it('sets an optional global the object declares, skips one it does not; globals win over them', () => {
    expect(countedCalls({ optionalGlobals: { gadget_self_tgid: process.pid, not_declared_here: 1 } }).counted).toBe(0);
    expect(countedCalls({ optionalGlobals: { gadget_self_tgid: 1 } }).counted).toBe(5); // init is left out, not this process
    expect(countedCalls({ optionalGlobals: { gadget_self_tgid: process.pid }, globals: { gadget_self_tgid: 0 } }).counted).toBe(5);
    expect(() => Collection.load(SELF, { globals: { not_declared_here: 1 } })).toThrow(/has no global named not_declared_here/);
  });
});

describe.skipIf(skip)('losses by reason', () => {
  it('counts each call a full pending table could not hold, apart from ring buffer drops', () => {
    const { counted, collection } = countedCalls({ mapSizes: { pending: 4 } }, 10);
    expect(counted).toBe(10);
    expect(collection.losses()).toEqual({ ring_full: 0, pending_full: 6, programs_skipped: 0 });
  });
});
