// A worker thread that opens kernel objects through the built package and
// never closes them: it loads a collection, attaches programs, reads a ring
// buffer, a perf buffer, an iterator and a map, reports, then ends as the
// test says: process.exit() when told, being terminated, or being terminated
// while loadAsync runs.
import { parentPort, workerData } from 'node:worker_threads';

const { Collection, PerfBufferReader, RingBufferReader } = await import(new URL('../../dist/index.js', import.meta.url).href);
const { probe, slow, end } = workerData;

if (end === 'terminate-while-loading') {
  const loading = Collection.loadAsync(slow);
  parentPort.postMessage({ loading: true });
  await loading;
  parentPort.postMessage({ loaded: true });
} else {
  const c = Collection.load(probe, { globals: { target_tgid: process.pid } });
  let ring = 0;
  let perf = 0;
  // held until the thread ends: a reader nobody references may be collected (and closed) by the GC
  globalThis.openReaders = [
    new RingBufferReader(c.map('events'), (_b, n) => (ring += n)),
    new PerfBufferReader(c.map('perf_events'), (_b, n) => (perf += n), { pagesPerCpu: 4 }),
  ];
  c.attach('on_getppid');
  c.attachPerfEvent('on_sample', { cpu: 0, sampleFreq: 100 });
  const tasks = c.attach('dump_task').readIterator().length;
  for (let i = 0; i < 5; i++) void process.ppid;
  const deadline = Date.now() + 3000;
  while ((ring < 5 || perf < 5) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const counted = c.map('counts').entries().length;
  parentPort.postMessage({ ring, perf, tasks, counted });
  // exits when told (after the test looked at what is open); until then, or
  // until terminated, the open readers keep this thread alive
  parentPort.once('message', () => process.exit(0));
}
