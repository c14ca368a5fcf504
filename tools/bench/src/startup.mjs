// Start-up targets (issue 16): `gadgetry run` from process start to programs
// attached, its phases; `gadgetry list` end to end with 2,000 installed
// packages; discovery with 10,000; trace_exec's CPU against the C reference.
// Used by run.mjs; alone: node tools/bench/src/startup.mjs
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = join(ROOT, 'packages/cli/bin/gadgetry.js');
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 7);

const median = (xs) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const range = (xs) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

/** Runs the command to its end; resolves with its wall time (ms) and stderr. */
function timed(args, env = process.env) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(CLI, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, stderr, code }));
  });
}

/** `gadgetry run trace_exec` RUNS times: each phase's median, from the run's own summary (stats.startup). */
export async function runStartup() {
  const byPhase = new Map();
  const totals = [];
  for (let i = 0; i < RUNS; i++) {
    const { stderr } = await timed(['run', 'trace_exec', '-o', 'json', '--timeout', '0.2']);
    const line = stderr.trim().split('\n').findLast((l) => l.startsWith('{"summary"'));
    const startup = line && JSON.parse(line).summary.startup;
    if (!startup) throw new Error(`no startup timing in the run's summary:\n${stderr}`);
    for (const p of startup.phases) byPhase.set(p.phase, [...(byPhase.get(p.phase) ?? []), p.ms]);
    totals.push(startup.totalMs);
  }
  return { phases: [...byPhase].map(([phase, ms]) => ({ phase, ms: median(ms), range: range(ms) })), total: median(totals), range: range(totals) };
}

/** A node_modules of `total` packages, one in twenty a gadget (manifests only: list imports no code). */
function fakeInstall(total) {
  const root = mkdtempSync(join(tmpdir(), 'gadgetry-bench-list-'));
  const nm = join(root, 'node_modules');
  for (let i = 0; i < total; i++) {
    const name = i % 4 === 0 ? `@scope${i % 40}/pkg-${i}` : `pkg-${i}`;
    mkdirSync(join(nm, name), { recursive: true });
    const json = { name, version: '1.0.0', main: 'index.js', dependencies: { a: '^1.0.0' }, description: 'x'.repeat(200) };
    if (i % 20 === 0) json.gadgetry = { name: `g_${i}`, entry: './index.js', sdk: '^0.1.0', description: 'bench', category: 'trace', type: 'trace' };
    writeFileSync(join(nm, name, 'package.json'), JSON.stringify(json));
  }
  return { root, nm };
}

/** `gadgetry list` end to end (process start to exit) with `total` more packages installed: median wall ms. */
export async function listStartup(total = 2000) {
  const { root, nm } = fakeInstall(total);
  try {
    const env = { ...process.env, GADGETRY_PATH: nm };
    await timed(['list'], env); // warm the page cache, as a second listing finds it
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await timed(['list'], env);
      if (r.code !== 0) throw new Error(`gadgetry list failed:\n${r.stderr}`);
      times.push(r.ms);
    }
    return { ms: median(times), range: range(times) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Discovery alone (packages/runtime/bench/discovery.mjs): median ms for each size. */
export function discoveryMs() {
  const out = execFileSync(process.execPath, [join(ROOT, 'packages/runtime/bench/discovery.mjs')], { encoding: 'utf8', env: { ...process.env, PACKAGES: '2000,10000' } });
  const sizes = [...out.matchAll(/packages\s+(\d+)[\s\S]*?median of 14 runs\s+([\d.]+) ms/g)];
  return Object.fromEntries(sizes.map((m) => [Number(m[1]), Number(m[2])]));
}

/**
 * Prints the start-up figures and each target as met/MISS. `exec` is the
 * exec workload's rows from run.mjs ({ c, g }: the C reference's and
 * gadgetry run's), when it ran.
 */
export async function startupReport(exec) {
  const check = (ok, text) => console.log(`  ${ok ? 'met ' : 'MISS'}  ${text}`);
  const run = await runStartup();
  console.log(`\ngadgetry run trace_exec, process start to programs attached (median of ${RUNS}, ms; range):`);
  for (const p of run.phases) console.log(`  ${p.phase.padEnd(15)} ${p.ms.toFixed(1).padStart(7)}  (${p.range})`);
  console.log(`  ${'total'.padEnd(15)} ${run.total.toFixed(1).padStart(7)}  (${run.range})`);
  const list = await listStartup(2000);
  console.log(`gadgetry list with 2,000 more packages installed, end to end: ${list.ms.toFixed(0)} ms (median of ${RUNS}; ${list.range})`);
  const disc = discoveryMs();
  console.log(`discovery: 2,000 packages ${disc[2000]} ms, 10,000 packages ${disc[10000]} ms (median of 14)`);
  console.log('\ntargets (start-up):');
  if (exec) check(exec.g.cpu / exec.c.cpu <= 2, `trace_exec under the exec storm: CPU <= 2x the C reference's: ${(exec.g.cpu / exec.c.cpu).toFixed(2)}x (${exec.g.cpu.toFixed(2)} s vs ${exec.c.cpu.toFixed(2)} s)`);
  check(run.total <= 150, `gadgetry run, process start to programs attached <= 150 ms: ${run.total.toFixed(0)} ms`);
  check(list.ms <= 100, `gadgetry list with 2,000 packages <= 100 ms: ${list.ms.toFixed(0)} ms`);
  check(disc[10000] <= 100, `discovery with 10,000 packages <= 100 ms: ${disc[10000]} ms`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await startupReport();
