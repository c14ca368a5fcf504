#!/usr/bin/env node
// What each built-in gadget costs: every gadget under a workload that makes it fire (or, for
// one-shot gadgets, one snapshot of this host), against the workload alone and the nearest
// bpftrace one-liner; then the scale checks (snapshot_process over 10,000 processes, top_file
// over 50,000 files).
//   node tools/bench/costs.mjs     (COSTS_SECONDS=2 COSTS_REPEAT=3; COSTS_ONLY=g1,g2;
//                                   COSTS_SCALE=only|skip; COSTS_PEERS=0 to skip bpftrace)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GADGET_LOADS } from './src/costs/gadgetLoads.mjs';
import { CostRunner } from './src/costs/tracedRun.mjs';
import { printCostTable } from './src/costs/costTableText.mjs';
import { scaleChecks } from './src/costs/scaleChecks.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '../..');
const BUILD = join(HERE, 'build');
const SECONDS = Number(process.env.COSTS_SECONDS ?? 2);
const REPEAT = Number(process.env.COSTS_REPEAT ?? 3);
const ONLY = process.env.COSTS_ONLY?.split(',');
const SCALE = process.env.COSTS_SCALE ?? '';
const PEERS = process.env.COSTS_PEERS !== '0';
const CLI = join(ROOT, 'packages/cli/bin/gadgetry.js');

function fail(message) {
  console.error(`costs: ${message}`);
  process.exit(1);
}

function buildTools() {
  mkdirSync(BUILD, { recursive: true });
  const tools = [
    ['measure', 'measure.c', []],
    ['costload', 'costload.c', ['-pthread']],
    ['sslload', 'sslload.c', ['-pthread', '-lssl', '-lcrypto']],
    ['forkmany', 'forkmany.c', []],
  ];
  for (const [name, file, libs] of tools) {
    const src = join(HERE, 'src', file);
    const out = join(BUILD, name);
    if (existsSync(out) && statSync(out).mtimeMs > statSync(src).mtimeMs) continue;
    execFileSync('gcc', ['-O2', '-Wall', '-o', out, src, ...libs], { stdio: 'inherit' });
  }
  if (!existsSync(join(BUILD, 'ssl-key.pem'))) {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(BUILD, 'ssl-key.pem'), '-out', join(BUILD, 'ssl-cert.pem'), '-days', '3650', '-subj', '/CN=bench.example'], { stdio: 'ignore' });
  }
  for (const { gadget } of GADGET_LOADS) {
    if (!existsSync(join(ROOT, 'gadgets', gadget, 'dist/program.bpf.o'))) fail(`gadgets/${gadget} is not built; run: npm run build`);
  }
  if (PEERS && spawnSync('bpftrace', ['--version']).status !== 0) fail('bpftrace is missing; install it with: apt-get install bpftrace (or COSTS_PEERS=0)');
  if (!readFileSync('/proc/mounts', 'utf8').includes(' /sys/kernel/tracing tracefs ')) execFileSync('mount', ['-t', 'tracefs', 'none', '/sys/kernel/tracing']);
}

/** Places the workloads need, made for this run and removed after it. */
function makeScratch() {
  const disk = mkdtempSync(join(BUILD, 'scratch-'));
  const cgroup = `/sys/fs/cgroup/memory/gadgetry-costs-${process.pid}`;
  let oom = null;
  try {
    mkdirSync(cgroup);
    writeFileSync(join(cgroup, 'memory.limit_in_bytes'), String(16 << 20));
    writeFileSync(join(cgroup, 'memory.swappiness'), '0');
  } catch (err) {
    oom = `no memory cgroup to run it in (${err.message})`;
  }
  mkdirSync(join(disk, 'mnt'));
  const vars = {
    '{file}': join(disk, 'fileio.dat'),
    '{disk}': join(disk, 'block.dat'),
    '{dir}': join(disk, 'mnt'),
    '{port}': String(20000 + (process.pid % 20000)),
    '{cgroup}': cgroup,
  };
  const fill = (list) => list?.map((a) => vars[a] ?? a);
  return {
    fill,
    oom,
    remove() {
      rmSync(disk, { recursive: true, force: true });
      try {
        rmdirSync(cgroup);
      } catch {
        /* never made, or a straggler still in it: the kernel removes it once empty only */
      }
    },
  };
}

const median = (xs) => {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return v.length ? (v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2) : NaN;
};
const medians = (runs) => Object.fromEntries(Object.keys(runs[0] ?? {}).map((k) => [k, k === 'lost' ? Math.max(...runs.map((r) => r[k])) : median(runs.map((r) => r[k]))]));

async function costOf(runner, spec, scratch) {
  if (spec.gadget === 'trace_oomkill' && scratch.oom) return { skipped: scratch.oom };
  const s = { ...spec, load: scratch.fill(spec.load), args: scratch.fill(spec.args) };
  const peerProgram = !PEERS ? null : spec.peerFile ? `BEGIN { printf("ready\\n"); }\n${readFileSync(join(HERE, 'bpftrace', spec.peerFile), 'utf8')}` : spec.peer;
  const none = [], traced = [], peer = [];
  for (let r = 0; r < REPEAT; r++) {
    if (s.shot) {
      traced.push(await runner.snapshot(s));
      continue;
    }
    none.push(runner.workload(s.load));
    traced.push(await runner.gadgetry(s));
    if (peerProgram) peer.push(await runner.bpftrace(peerProgram, s.load));
  }
  return { base: none.length ? median(none.map((w) => w.opsPerSec)) : NaN, traced: medians(traced), peer: peer.length ? medians(peer) : null };
}

buildTools();
console.log(`Gadgetry cost table: ${SECONDS} s per workload, each run ${REPEAT}x (medians; lost: worst), ${new Date().toISOString()}`);
console.log(`kernel ${execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim()}, ${execFileSync('nproc', { encoding: 'utf8' }).trim()} cores, node ${process.version}, ${execFileSync('bpftrace', ['--version'], { encoding: 'utf8' }).trim()}`);
const runner = new CostRunner({ root: ROOT, build: BUILD, cli: CLI, seconds: SECONDS });
if (SCALE !== 'only') {
  const scratch = makeScratch();
  const rows = [];
  try {
    for (const spec of GADGET_LOADS.filter((g) => !ONLY || ONLY.includes(g.gadget))) {
      process.stderr.write(`costs: ${spec.gadget}...\n`);
      try {
        rows.push({ spec, ...(await costOf(runner, spec, scratch)) });
      } catch (err) {
        rows.push({ spec, skipped: `failed: ${String(err.message).split('\n').slice(0, 3).join(' ')}` });
      }
    }
  } finally {
    scratch.remove();
  }
  printCostTable(rows);
}
if (SCALE !== 'skip') await scaleChecks({ runner, root: ROOT, build: BUILD, cli: CLI });
