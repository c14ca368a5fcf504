import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BpfError, Collection, addon, kernelTestGate, prepareKernel } from '../src/index.js';
import { FIXTURE_BUILD } from './buildFixtures.js';
import { fdTable, ownFds } from './ownKernelObjects.js';

const skip = kernelTestGate();
const SLOW = join(FIXTURE_BUILD, 'slow_verify.bpf.o');
const REJECTED = join(FIXTURE_BUILD, 'rejected.bpf.o');
const VERBOSE = join(FIXTURE_BUILD, 'verbose_reject.bpf.o');

describe.skipIf(skip)('Collection.loadAsync: the verifier runs off the JavaScript thread', () => {
  beforeAll(() => prepareKernel());

  it('a timer on the event loop fires while a program loads', async () => {
    let settled = false;
    const loading = Collection.loadAsync(SLOW).finally(() => (settled = true));
    // the verifier simulates 60000 loop iterations: far longer than a 1 ms timer
    const firedWhileLoading = await new Promise<boolean>((resolve) => setTimeout(() => resolve(!settled), 1));
    const c = await loading;
    try {
      expect(firedWhileLoading).toBe(true);
      expect(c.programs.map((p) => p.name)).toEqual(['slow_loop']);
      c.attach('slow_loop');
      void process.ppid;
    } finally {
      c.close();
    }
  });

  it('the object is busy while it loads, and close() during the load closes it when the load ends', async () => {
    const before = fdTable(ownFds());
    const native = new (addon().BpfObject)(SLOW);
    const loading = native.loadAsync();
    let busy: unknown;
    try {
      native.maps();
    } catch (err) {
      busy = err;
    }
    expect(busy).toMatchObject({ code: 'BPF_OBJECT_BUSY' });
    expect(() => native.loadAsync()).toThrow(expect.objectContaining({ code: 'BPF_OBJECT_BUSY' }));
    native.close();
    expect(native.closed).toBe(false); // waits for the load
    await expect(loading).rejects.toMatchObject({ code: 'BPF_OBJECT_CLOSED', message: 'BPF object slow_verify was closed while loading' });
    expect(native.closed).toBe(true);
    expect(fdTable(ownFds())).toEqual(before);
  });

  it('loads at the same time keep their logs apart: each error quotes only its own program', async () => {
    const results = await Promise.allSettled([
      Collection.loadAsync(VERBOSE),
      Collection.loadAsync(REJECTED),
      Collection.loadAsync(SLOW),
      Collection.loadAsync(VERBOSE),
      // and one on the JavaScript thread meanwhile
      Promise.resolve().then(() => Collection.load(REJECTED)),
    ]);
    const [verbose, rejected, slow, verbose2, syncRejected] = results;
    expect(slow.status).toBe('fulfilled');
    if (slow.status === 'fulfilled') slow.value.close();
    for (const r of [verbose, verbose2]) {
      const err = (r as PromiseRejectedResult).reason as BpfError;
      expect(err.message).toMatch(/program on_open rejected by the verifier: dereference of modified ctx ptr/);
      expect(err.libbpfLog).not.toMatch(/unchecked_read|slow_loop|map_value_or_null/);
      expect(err.libbpfLog.match(/BEGIN PROG LOAD LOG/g)).toHaveLength(1);
    }
    for (const r of [rejected, syncRejected]) {
      const err = (r as PromiseRejectedResult).reason as BpfError;
      expect(err.message).toMatch(/program unchecked_read rejected by the verifier: R0 invalid mem access/);
      expect(err.libbpfLog).not.toMatch(/on_open|slow_loop|modified ctx/);
      expect(err.libbpfLog.match(/BEGIN PROG LOAD LOG/g)).toHaveLength(1);
    }
  });
});
