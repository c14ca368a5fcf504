#!/usr/bin/env node
// Rows per second of the columns output (escaping included), for plain rows and for rows
// whose names carry control characters. Prints figures; run after building:
//   node bench/columns.mjs
import { createOutput } from '../dist/index.js';

const fields = [
  { name: 'pid', schema: { type: 'integer' }, width: 7 },
  { name: 'comm', schema: { type: 'string' }, width: 16 },
  { name: 'uid', schema: { type: 'integer' }, width: 6 },
  { name: 'fd', schema: { type: 'integer' }, width: 4 },
  { name: 'fname', schema: { type: 'string' } },
];
const BATCH = 4096;
const plain = Array.from({ length: BATCH }, (_, i) => ({ pid: 1000 + i, comm: 'node', uid: 0, fd: 3, fname: `/usr/lib/x86_64-linux-gnu/libc.so.${i % 7}` }));
const hostile = plain.map((e, i) => ({ ...e, fname: `/tmp/x${i}\x1b[2J\nroot sshd /etc/shadow\u202e` }));

for (const [name, events] of [['plain', plain], ['hostile', hostile]]) {
  const out = createOutput('columns', fields);
  let bytes = 0;
  for (let i = 0; i < 20; i++) bytes += out.batch(events, { table: false }).length; // warm up
  const times = [];
  for (let run = 0; run < 15; run++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 25; i++) bytes += out.batch(events, { table: false }).length;
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const rows = 25 * BATCH;
  console.log(`${name.padEnd(8)} ${rows} rows: median ${median.toFixed(1)} ms, ${(rows / median / 1000).toFixed(2)} M rows/s (${bytes} bytes written)`);
}
