import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { kernelTestGate, prepareKernel } from '../src/index.js';
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

  it('the main thread still attaches and reads after workers loaded the addon and ended (a fresh process)', () => {
    // a fresh process: a crash there (state of a dead worker's environment used) fails this test, not the run
    const child = spawnSync(process.execPath, [fileURLToPath(new URL('./workers/attachAfterWorker.mjs', import.meta.url)), PROBE], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect({ status: child.status, signal: child.signal, stderr: child.stderr }).toEqual({ status: 0, signal: null, stderr: '' });
    expect(child.stdout.trim()).toBe('ok');
  });
});
