import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { Collection, kernelTestGate, prepareKernel } from '../src/index.js';
import { FIXTURE_BUILD } from './buildFixtures.js';
import { bpfObjectsLeft, fdTable, newBpfObjects, ownFds } from './ownKernelObjects.js';

const skip = kernelTestGate();
const PROBE = join(FIXTURE_BUILD, 'probe.bpf.o');
const SLOW = join(FIXTURE_BUILD, 'slow_verify.bpf.o');
const WORKER = new URL('./workers/leaveOpen.mjs', import.meta.url);

type End = 'exit' | 'terminate' | 'terminate-while-loading';

/** Runs the worker to its first report, then ends it as `end` says; resolves with the report and what was open then. */
async function runWorker(end: End): Promise<{ report: Record<string, unknown>; objects: string[] }> {
  const before = ownFds();
  const worker = new Worker(WORKER, { workerData: { probe: PROBE, slow: SLOW, end } });
  const exited = new Promise<number>((resolve, reject) => {
    worker.once('exit', resolve);
    worker.once('error', reject);
  });
  const report = await new Promise<Record<string, unknown>>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const objects = newBpfObjects(before, ownFds());
  if (end === 'exit') worker.postMessage('exit');
  else await worker.terminate();
  await exited;
  return { report, objects };
}

describe.skipIf(skip)('a worker thread that exits without closing leaves nothing behind', () => {
  beforeAll(() => prepareKernel());

  it.each<End>(['exit', 'terminate'])('after %s: every fd it opened is closed and every BPF object it made is gone', async (end) => {
    const before = fdTable(ownFds());
    const { report, objects } = await runWorker(end);
    expect(report).toMatchObject({ ring: 5, perf: 5, counted: 1 });
    expect(report.tasks).toBeGreaterThan(0);
    expect(objects.filter((o) => o.startsWith('link ')).length).toBeGreaterThanOrEqual(3);
    expect(objects.filter((o) => o.startsWith('map ')).length).toBeGreaterThan(0);
    expect(fdTable(ownFds())).toEqual(before);
    expect(await bpfObjectsLeft(objects)).toEqual([]);
  });

  it('terminated while loadAsync runs: the load ends, then its object is closed', async () => {
    const before = ownFds();
    const { report } = await runWorker('terminate-while-loading');
    expect(report).toEqual({ loading: true });
    expect(fdTable(ownFds())).toEqual(fdTable(before));
  });

  it('the main thread still loads, attaches and reads after workers loaded the addon and exited', async () => {
    await runWorker('exit');
    await runWorker('terminate');
    const c = Collection.load(PROBE, { skipPrograms: ['on_switch'] });
    try {
      const link = c.attach('dump_task');
      expect(link.readIterator().length).toBeGreaterThan(0);
      link.close();
      expect(link.closed).toBe(true);
      expect([...c.map('counts').keys()]).toEqual([]);
    } finally {
      c.close();
    }
  });
});
