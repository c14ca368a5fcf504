#!/usr/bin/env node
// One command, a few minutes: the same workload traced by nothing, the C libbpf
// reference consumer, bpftrace, `gadgetry run ... -o json`, and the runtime's
// library API; then the time to the first event and discovery over 2,000 packages.
//   node tools/bench/run.mjs            (BENCH_SECONDS=5, BENCH_THREADS=2; BENCH_SCALE=0 skips the scale checks)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventPathTargets, mapMemory, pipeTracers, printMapMemory } from './src/eventPath.mjs';
import { startupReport } from './src/startup.mjs';
import { CostRunner } from './src/costs/tracedRun.mjs';
import { scaleChecks } from './src/costs/scaleChecks.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '../..');
const BUILD = join(HERE, 'build');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 2);
const THREADS = Number(process.env.BENCH_THREADS ?? 2);
const CLI = join(ROOT, 'packages/cli/bin/gadgetry.js');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}

function buildTools() {
  mkdirSync(BUILD, { recursive: true });
  const tools = [
    ['workload', ['-pthread']],
    ['measure', []],
    ['ref_consumer', ['-lbpf']],
  ];
  for (const [name, libs] of tools) {
    const src = join(HERE, 'src', `${name}.c`);
    const out = join(BUILD, name);
    if (existsSync(out) && statSync(out).mtimeMs > statSync(src).mtimeMs) continue;
    execFileSync('gcc', ['-O2', '-Wall', '-o', out, src, ...libs], { stdio: 'inherit' });
  }
  for (const g of ['trace_open', 'trace_exec']) {
    if (!existsSync(join(ROOT, 'gadgets', g, 'dist/program.bpf.o'))) fail(`gadgets/${g} is not built; run: npm run build`);
  }
  if (spawnSync('bpftrace', ['--version']).status !== 0) fail('bpftrace is missing; install it with: apt-get install bpftrace');
  if (!readFileSync('/proc/mounts', 'utf8').includes(' /sys/kernel/tracing tracefs ')) {
    execFileSync('mount', ['-t', 'tracefs', 'none', '/sys/kernel/tracing']);
  }
}

function workload(mode) {
  const args = mode === 'open' ? ['open', String(THREADS), String(SECONDS), '/etc/hostname'] : ['exec', String(THREADS), String(SECONDS)];
  return JSON.parse(execFileSync(join(BUILD, 'workload'), args, { encoding: 'utf8' }));
}

/** Starts a tracer under `measure`, waits until it is ready, runs the workload, stops it. */
async function traced(mode, tracer) {
  const out = tracer.stdout?.(); // a pipe to a reader, or /dev/null
  const child = spawn(join(BUILD, 'measure'), tracer.cmd, { stdio: ['ignore', out ?? 'ignore', 'pipe'], cwd: ROOT });
  out?.destroy();
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((r) => child.on('close', r));
  const deadline = Date.now() + 20_000;
  while (!(tracer.ready ? tracer.ready(stderr) : false) && Date.now() < deadline) {
    if (child.exitCode !== null) fail(`${tracer.label} exited early:\n${stderr}`);
    await sleep(50);
  }
  if (!tracer.ready) await sleep(tracer.settleMs ?? 3000);
  await sleep(300);
  const w = workload(mode);
  await sleep(300);
  child.kill('SIGINT');
  await exited;
  const lines = stderr.trim().split('\n');
  const usage = JSON.parse(lines.findLast((l) => l.startsWith('{"userSec"')));
  const counts = tracer.counts(stderr);
  return { label: tracer.label, ops: w.opsPerSec, ...counts, cpu: usage.userSec + usage.sysSec, rssMiB: usage.maxRssKb / 1024 };
}

const lastJson = (stderr, key) => JSON.parse(stderr.trim().split('\n').findLast((l) => l.startsWith(`{"${key}"`)) ?? '{}');
/** Events and losses from the run's own summary (`-o json` ends with {"summary":{...}} on stderr). */
function summaryCounts(stderr) {
  const { summary } = lastJson(stderr, 'summary');
  return { events: summary?.events ?? NaN, lost: summary?.lost?.total ?? NaN };
}

function tracers(mode) {
  const gadget = mode === 'open' ? 'trace_open' : 'trace_exec';
  const object = join(ROOT, 'gadgets', gadget, 'dist/program.bpf.o');
  const shm = `/dev/shm/gadgetry-bench-bpftrace-${process.pid}.txt`;
  return [
    {
      label: 'C libbpf reference',
      cmd: [join(BUILD, 'ref_consumer'), mode, object],
      ready: (e) => e.includes('ready'),
      counts: (e) => lastJson(e, 'events'),
    },
    {
      label: 'bpftrace',
      cmd: ['bpftrace', '-q', '-o', shm, join(HERE, 'bpftrace', `${mode}.bt`)],
      settleMs: 4000,
      counts: () => {
        const text = readFileSync(shm, 'utf8');
        rmSync(shm, { force: true });
        const lostLines = [...text.matchAll(/Lost (\d+) events/g)].reduce((n, m) => n + Number(m[1]), 0);
        return { events: text.split('\n').filter((l) => l.startsWith('{')).length, lost: lostLines };
      },
    },
    {
      label: `gadgetry run ${gadget} -o json`,
      cmd: [CLI, 'run', gadget, '-o', 'json', '-v'], // through its shebang, as a user runs it
      ready: (e) => e.includes(`${gadget}: started`),
      counts: summaryCounts,
    },
    {
      label: 'library API, no-op handler',
      cmd: [process.execPath, join(HERE, 'src/library-consumer.mjs'), join(ROOT, 'gadgets', gadget)],
      ready: (e) => e.includes('ready'),
      counts: (e) => lastJson(e, 'events'),
    },
    ...pipeTracers(mode, { root: ROOT, build: BUILD, cli: CLI }),
  ];
}

const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '-');
function table(title, rows, base) {
  console.log(`\n${title}`);
  const head = ['run', 'ops/s', 'x untraced', 'events', 'lost', 'cpu s', 'peak RSS MiB'];
  const body = rows.map((r) => [r.label, fmt(r.ops), fmt(r.ops / base, 2), fmt(r.events), fmt(r.lost), fmt(r.cpu, 2), fmt(r.rssMiB, 1)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(head));
  for (const b of body) console.log(line(b));
}

function ratios(rows, name) {
  const byLabel = Object.fromEntries(rows.map((r) => [r.label, r]));
  const c = byLabel['C libbpf reference'];
  const bt = byLabel.bpftrace;
  const g = rows.find((r) => r.label.startsWith('gadgetry run'));
  const lib = byLabel['library API, no-op handler'];
  console.log(`ratios (${name}):`);
  for (const r of [g, lib]) {
    console.log(
      `  ${r.label.padEnd(28)} ops/s ${fmt(r.ops / c.ops, 2)}x C ref, ${fmt(r.ops / bt.ops, 2)}x bpftrace;` +
        ` cpu ${fmt(r.cpu / c.cpu, 2)}x C ref, ${fmt(r.cpu / bt.cpu, 2)}x bpftrace; RSS ${fmt(r.rssMiB / c.rssMiB, 1)}x C ref, ${fmt(r.rssMiB / bt.rssMiB, 1)}x bpftrace`,
    );
  }
  return { c, bt, g };
}

async function firstEventMs() {
  const times = [];
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    const child = spawn(CLI, ['run', 'trace_exec', '-o', 'json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
    const poke = setInterval(() => spawn('/bin/true', ['first-event']), 10);
    const ms = await new Promise((resolve) => child.stdout.once('data', () => resolve(Number(process.hrtime.bigint() - t0) / 1e6)));
    clearInterval(poke);
    child.kill('SIGINT');
    await new Promise((r) => child.on('close', r));
    times.push(ms);
  }
  return times.sort((a, b) => a - b)[1];
}

buildTools();
console.log(`Gadgetry benchmark: ${THREADS} workload threads, ${SECONDS} s per run, each tracer ${REPEAT}x (ops/s, events, cpu: mean; lost, RSS: worst), ${new Date().toISOString()}`);
console.log(`kernel ${execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim()}, ${execFileSync('nproc', { encoding: 'utf8' }).trim()} cores, node ${process.version}`);
const summary = {};
// BENCH_ONLY=open|exec and BENCH_TRACERS=gadgetry,... narrow a run while profiling.
const only = process.env.BENCH_ONLY;
const pick = process.env.BENCH_TRACERS?.split(',');
for (const mode of ['open', 'exec'].filter((m) => !only || m === only)) {
  const none = workload(mode);
  const rows = [{ label: 'untraced', ops: none.opsPerSec, events: NaN, lost: NaN, cpu: NaN, rssMiB: NaN }];
  const chosen = tracers(mode).filter((t) => !pick || pick.some((p) => t.label.includes(p)));
  // Each tracer runs REPEAT times, interleaved, so drifts of the machine hit all of them alike.
  const runs = new Map(chosen.map((t) => [t.label, []]));
  for (let r = 0; r < REPEAT; r++) for (const t of chosen) runs.get(t.label).push(await traced(mode, t));
  for (const [label, rs] of runs) {
    const mean = (k) => rs.reduce((n, x) => n + x[k], 0) / rs.length;
    rows.push({ label, ops: mean('ops'), events: mean('events'), lost: Math.max(...rs.map((x) => x.lost)), cpu: mean('cpu'), rssMiB: Math.max(...rs.map((x) => x.rssMiB)) });
  }
  table(mode === 'open' ? `open+close of an existing file (trace_open)` : `fork+exec of /bin/true (trace_exec)`, rows, none.opsPerSec);
  if (!pick) summary[mode] = ratios(rows, mode);
  if (mode === 'open') summary.openRows = rows;
  if (mode === 'exec') summary.execCpu = { c: rows.find((r) => r.label.startsWith('C libbpf')), g: rows.find((r) => r.label.startsWith('gadgetry run')) };
}
const maps = process.env.BENCH_MAPS === '1' || (!pick && !only) ? mapMemory({ root: ROOT, cli: CLI }) : undefined;
if (maps) printMapMemory(maps);
if (summary.openRows) eventPathTargets(summary.openRows, maps);
// BENCH_ONLY=startup: the start-up targets alone (tools/bench/src/startup.mjs)
if (only === 'exec' || only === 'startup') await startupReport(summary.execCpu?.c && summary.execCpu.g ? summary.execCpu : undefined);
if (pick || only) process.exit(0);
const first = await firstEventMs();
console.log(`\ntime from starting gadgetry run trace_exec to its first event: ${fmt(first)} ms (median of 3)`);
const disc = execFileSync(process.execPath, [join(ROOT, 'packages/runtime/bench/discovery.mjs')], { encoding: 'utf8' });
console.log(`discovery with 2,000 packages: ${/median of 14 runs\s+([\d.]+ ms)/.exec(disc)?.[1]}`);

const { c, bt, g } = summary.open;
const check = (ok, text) => console.log(`  ${ok ? 'met ' : 'MISS'}  ${text}`);
console.log('\ntargets (trace_open, gadgetry run -o json):');
check(g.ops / c.ops >= 0.95, `workload ops/s >= 0.95x the C reference: ${fmt(g.ops / c.ops, 2)}x`);
check(g.lost === 0, `zero lost events at ${THREADS} threads: ${fmt(g.lost)}`);
check(g.ops / bt.ops >= 1.5, `>= 1.5x bpftrace's workload ops/s: ${fmt(g.ops / bt.ops, 2)}x`);
check(g.rssMiB < 150, `peak RSS < 150 MiB: ${fmt(g.rssMiB, 1)} MiB`);
check(first < 500, `first event < 500 ms after start: ${fmt(first)} ms`);
await startupReport(summary.execCpu);
// the scale targets too, so one run prints every target (the cost table itself: costs.mjs)
if (process.env.BENCH_SCALE !== '0') {
  execFileSync('gcc', ['-O2', '-Wall', '-o', join(BUILD, 'forkmany'), join(HERE, 'src/forkmany.c')], { stdio: 'inherit' });
  await scaleChecks({ runner: new CostRunner({ root: ROOT, build: BUILD, cli: CLI, seconds: SECONDS }), root: ROOT, build: BUILD, cli: CLI });
}
