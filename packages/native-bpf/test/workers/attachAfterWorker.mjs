// In a fresh process: the main thread loads the addon, worker threads load it
// too and end (one terminated, one by process.exit), then the main thread
// attaches and reads. Anything the addon kept per process from a worker's
// environment would be dangling by then. Prints "ok" at the end.
import { Worker } from 'node:worker_threads';

const dist = new URL('../../dist/index.js', import.meta.url).href;
const { Collection } = await import(dist);
const probe = process.argv[2];
const c = Collection.load(probe, { skipPrograms: ['on_switch'] });
const workerCode = (then) => `import(${JSON.stringify(dist)}).then(({ Collection }) => {
  Collection.load(${JSON.stringify(probe)}, { skipPrograms: ['on_switch'] }).attach('dump_task');
  ${then}
});`;

const terminated = new Worker(workerCode(`require('node:worker_threads').parentPort.postMessage('loaded');`), { eval: true });
await new Promise((resolve) => terminated.once('message', resolve));
await terminated.terminate();
const exited = new Worker(workerCode('process.exit(0);'), { eval: true });
await new Promise((resolve) => exited.once('exit', resolve));

for (let i = 0; i < 3; i++) {
  const link = c.attach('dump_task');
  if (link.readIterator().length === 0) throw new Error('the iterator wrote nothing');
  link.close();
}
const counts = c.map('counts');
counts.update(Buffer.alloc(4), Buffer.alloc(8, 1));
if (counts.entries().length !== 1) throw new Error('the map lost its entry');
c.close();
console.log('ok');
