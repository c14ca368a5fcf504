// The scale checks of the cost bench, each printed as a met/MISS line:
// - snapshot_process with 10,000 more processes (forkmany) within 300 ms from start to exit;
// - top_file over 50,000 distinct files: the table stays at its bound and the reads it could
//   not count are reported as lost (counted + lost = reads made).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const PROCESSES = 10_000;
const FILES = 50_000;
const TABLE_ROWS = 10_240;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const check = (ok, text) => console.log(`  ${ok ? 'met ' : 'MISS'}  ${text}`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function waitFor(ok, ms, what) {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`${what} did not happen within ${ms} ms`);
    await sleep(20);
  }
}

async function snapshotProcess({ runner, build, root }) {
  const kids = spawn(join(build, 'forkmany'), [String(PROCESSES), '120'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  kids.stdout.on('data', (d) => (out += d));
  const gone = new Promise((r) => kids.on('close', r));
  try {
    await waitFor(() => out.includes('\n') || kids.exitCode !== null, 120_000, 'forking');
    if (out.trim() !== `ready ${PROCESSES}`) throw new Error(`forkmany: ${out.trim() || 'exited'}`);
    const runs = [];
    for (let i = 0; i < 5; i++) runs.push(await runner.snapshot({ gadget: 'snapshot_process', args: [] }));
    const ms = median(runs.map((r) => r.wallMs));
    const rows = Math.min(...runs.map((r) => r.events));
    console.log(`snapshot_process over ${rows} processes: ${runs.map((r) => r.wallMs.toFixed(0)).join(', ')} ms start to exit; cpu ${median(runs.map((r) => r.cpu)).toFixed(2)} s, peak RSS ${median(runs.map((r) => r.rssMiB)).toFixed(1)} MiB (medians of 5)`);
    // the same snapshot through the library API, which runs no operators: where the time goes
    const lib = [];
    for (let i = 0; i < 5; i++) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, [join(here, '../library-consumer.mjs'), join(root, 'gadgets/snapshot_process')], { encoding: 'utf8', timeout: 60_000 });
      if (r.status !== 0) throw new Error(`library-consumer: ${r.stderr}`);
      lib.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    console.log(`the same through the library API (no operators: no process, user or container enrichment): ${lib.map((x) => x.toFixed(0)).join(', ')} ms`);
    check(ms <= 300 && rows >= PROCESSES, `snapshot_process with ${PROCESSES} processes <= 300 ms start to exit: ${ms.toFixed(0)} ms (median of 5), ${rows} rows`);
  } finally {
    kids.stdin.end();
    await gone;
  }
}

async function topFile({ root, cli }) {
  const dir = mkdtempSync('/dev/shm/gadgetry-costs-files-');
  try {
    for (let i = 0; i < FILES; i++) writeFileSync(join(dir, `f${i}`), 'x');
    const names = Array.from({ length: FILES }, (_, i) => `f${i}`);
    // cat of every file once a line arrives: its pid is known before the run
    const reader = spawn('sh', ['-c', 'read go; exec cat "$@" > /dev/null', 'sh', ...names], { cwd: dir, env: { PATH: process.env.PATH, LC_ALL: 'C' }, stdio: ['pipe', 'ignore', 'inherit'] });
    const readerDone = new Promise((r) => reader.on('close', r));
    const out = join(dir, 'out.json');
    const run = spawn(cli, ['run', 'top_file', '--pid', String(reader.pid), '--interval', '15', '--max-rows', '0', '-o', 'json', '-v'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    run.stdout.on('data', (d) => (stdout += d));
    run.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise((r) => run.on('close', r));
    await waitFor(() => /top_file: started$/m.test(stderr), 60_000, 'top_file start');
    reader.stdin.write('go\n');
    await readerDone;
    await waitFor(() => stdout.includes('\n'), 30_000, 'the first table');
    await sleep(500);
    run.kill('SIGINT');
    await exited;
    writeFileSync(out, stdout);
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const files = rows.filter((r) => /^f\d+$/.test(r.file));
    const counted = files.reduce((n, r) => n + r.reads, 0);
    const summary = JSON.parse(stderr.split('\n').findLast((l) => l.startsWith('{"summary"')) ?? '{}').summary;
    const lost = summary?.lost?.byReason?.gadget_lost ?? 0;
    console.log(`top_file over ${FILES} files read once each: ${rows.length} rows in the table, ${counted} reads counted, ${lost} reported lost`);
    check(rows.length <= TABLE_ROWS, `top_file's table stays within its ${TABLE_ROWS} rows: ${rows.length}`);
    check(counted + lost === FILES, `top_file counted + lost = reads made (${FILES}): ${counted} + ${lost} = ${counted + lost}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function scaleChecks(ctx) {
  console.log('\nscale:');
  for (const [name, fn] of [['snapshot_process', snapshotProcess], ['top_file', topFile]]) {
    try {
      await fn(ctx);
    } catch (err) {
      check(false, `${name}: ${err.message}`);
    }
  }
}
