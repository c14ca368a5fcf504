#!/usr/bin/env node
// The runtime's library API with a no-op handler: counts events, nothing else.
//   node library-consumer.mjs <gadget package folder>
// Prints "ready" on stderr once started; on SIGINT/SIGTERM stops and prints
// {"events":N,"lost":M} from the run's stats.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runGadget } from '@gadgetry/runtime';

const dir = resolve(process.argv[2] ?? '');
const gadget = (await import(pathToFileURL(join(dir, 'dist/index.js')).href)).default;
const run = runGadget(gadget, {});
run.on('events', () => {});
run.on('started', () => process.stderr.write('ready\n'));
run.on('log', (level, message) => {
  if (level !== 'debug') process.stderr.write(`${level}: ${message}\n`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => run.stop());
const result = await run.done;
if (result.error) {
  process.stderr.write(`error: ${result.error.message}\n`);
  process.exitCode = 1;
}
process.stderr.write(`${JSON.stringify({ events: result.stats.events, lost: result.stats.lost.total })}\n`);
