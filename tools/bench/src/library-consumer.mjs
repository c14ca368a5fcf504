#!/usr/bin/env node
// The runtime's library API with a no-op handler: counts events, nothing else.
//   node library-consumer.mjs <gadget package folder>
// Prints "ready" on stderr once started; on SIGINT/SIGTERM stops and prints {"events":N,"lost":M}.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runGadget } from '@gadgetry/runtime';

const dir = resolve(process.argv[2] ?? '');
const gadget = (await import(pathToFileURL(join(dir, 'dist/index.js')).href)).default;
const run = runGadget(gadget, {});
let events = 0;
let lost = 0;
run.on('events', (batch) => (events += batch.length));
run.on('started', () => process.stderr.write('ready\n'));
run.on('log', (level, message) => {
  const m = /^(\d+) events lost/.exec(message);
  if (m) lost += Number(m[1]);
  else if (level !== 'debug') process.stderr.write(`${level}: ${message}\n`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => run.stop());
const result = await run.done;
if (result.error) {
  process.stderr.write(`error: ${result.error.message}\n`);
  process.exitCode = 1;
}
process.stderr.write(`${JSON.stringify({ events, lost })}\n`);
