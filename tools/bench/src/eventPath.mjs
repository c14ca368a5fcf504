// The event path under a flood (issue 16): trace_open's events printed as aligned
// columns into a pipe, by the C reference (printf) and by `gadgetry run`, beside the
// JSON-to-/dev/null rows of run.mjs; the targets for both; and the default BPF map
// memory of every built-in gadget (from `gadgetry run <g> --stats`).
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Stdout for a tracer: a pipe whose reader is `cat > /dev/null`, a process of its
 * own, so the tracer pays for a pipe as a user's `| cat` makes it, and the
 * reader's CPU is not counted in the tracer's. The caller closes its copy of the
 * pipe once the tracer has it (then cat ends when the tracer does).
 */
function catPipe() {
  const devNull = openSync('/dev/null', 'w');
  const cat = spawn('cat', [], { stdio: ['pipe', devNull, 'ignore'] });
  closeSync(devNull); // cat has its own copy
  return cat.stdin;
}

/** Events and losses from the line a columns run ends with: `trace_open: N events in S s, M lost`. */
function summaryLineCounts(stderr) {
  const m = /trace_open: (\d+) events? in [\d.]+ s, (\d+) lost/.exec(stderr);
  return { events: m ? Number(m[1]) : NaN, lost: m ? Number(m[2]) : NaN };
}

const lastJson = (stderr, key) => JSON.parse(stderr.trim().split('\n').findLast((l) => l.startsWith(`{"${key}"`)) ?? '{}');

/** The rows this module adds to trace_open's table: columns (and JSON) into a pipe. */
export function pipeTracers(mode, { root, build, cli }) {
  if (mode !== 'open') return [];
  const object = join(root, 'gadgets/trace_open/dist/program.bpf.o');
  return [
    {
      label: 'C reference, columns | cat',
      cmd: [join(build, 'ref_consumer'), 'open-columns', object],
      stdout: catPipe,
      ready: (e) => e.includes('ready'),
      counts: (e) => lastJson(e, 'events'),
    },
    {
      label: 'gadgetry run trace_open | cat',
      cmd: [cli, 'run', 'trace_open', '-v'],
      stdout: catPipe,
      ready: (e) => e.includes('trace_open: started'),
      counts: summaryLineCounts,
    },
    {
      label: 'gadgetry run trace_open -o json | cat',
      cmd: [cli, 'run', 'trace_open', '-o', 'json', '-v'],
      stdout: catPipe,
      ready: (e) => e.includes('trace_open: started'),
      counts: (e) => {
        const { summary } = lastJson(e, 'summary');
        return { events: summary?.events ?? NaN, lost: summary?.lost?.total ?? NaN };
      },
    },
  ];
}

const MIB = 1024 * 1024;
const UNITS = { B: 1, KiB: 1024, MiB: MIB, GiB: 1024 * MIB };

/** Each built-in gadget's BPF map memory with its defaults, from a short `--stats` run. */
export function mapMemory({ root, cli }) {
  const out = [];
  for (const g of readdirSync(join(root, 'gadgets')).sort()) {
    // a second try: on a loaded machine a run now and then ends before its --stats total
    let m;
    let why = '';
    for (let attempt = 0; attempt < 2 && !m; attempt++) {
      const r = spawnSync(cli, ['run', g, '--stats', '--timeout', '1'], { cwd: root, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'ignore', 'pipe'] });
      m = /map memory ([\d.]+) (B|KiB|MiB|GiB)/.exec(r.stderr ?? '');
      why = `no --stats total (exit ${r.status ?? r.signal}): ${(r.stderr ?? '').trim().split('\n').find((l) => l.startsWith('error')) ?? ''}`;
    }
    out.push({ gadget: g, bytes: m ? Number(m[1]) * UNITS[m[2]] : NaN, note: m ? '' : why });
  }
  return out;
}

const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '-');
const check = (ok, text) => console.log(`  ${ok ? 'met ' : 'MISS'}  ${text}`);

/**
 * The event-path targets against the C reference, from trace_open's rows:
 * JSON to /dev/null (ops/s, losses, CPU per delivered event, peak RSS) and
 * columns into a pipe (CPU per event against C's printf), and map memory.
 */
export function eventPathTargets(rows, maps) {
  const by = (label) => rows.find((r) => r.label === label);
  const cpuPerEvent = (r) => r.cpu / r.events;
  const c = by('C libbpf reference');
  const g = by('gadgetry run trace_open -o json');
  console.log('\ntargets (event path, trace_open flood):');
  if (c && g) {
    check(g.ops / c.ops >= 1.0, `json to /dev/null: workload ops/s >= 1.0x the C reference: ${fmt(g.ops / c.ops, 2)}x`);
    check(g.lost === 0, `json to /dev/null: 0 lost: ${fmt(g.lost)}`);
    check(cpuPerEvent(g) / cpuPerEvent(c) <= 1.1, `json to /dev/null: CPU per event <= 1.10x C's: ${fmt(cpuPerEvent(g) / cpuPerEvent(c), 2)}x (${fmt(cpuPerEvent(g) * 1e6, 2)} us against ${fmt(cpuPerEvent(c) * 1e6, 2)} us)`);
    check(g.rssMiB <= 64, `json to /dev/null: peak RSS <= 64 MiB: ${fmt(g.rssMiB, 1)} MiB`);
  }
  const cc = by('C reference, columns | cat');
  const gc = by('gadgetry run trace_open | cat');
  if (cc && gc) {
    check(cpuPerEvent(gc) / cpuPerEvent(cc) <= 1.3, `columns | cat: CPU per event <= 1.3x C's printf: ${fmt(cpuPerEvent(gc) / cpuPerEvent(cc), 2)}x (${fmt(cpuPerEvent(gc) * 1e6, 2)} us against ${fmt(cpuPerEvent(cc) * 1e6, 2)} us)`);
    check(gc.lost === 0, `columns | cat: 0 lost: ${fmt(gc.lost)}`);
    check(gc.rssMiB <= 64, `columns | cat: peak RSS <= 64 MiB: ${fmt(gc.rssMiB, 1)} MiB`);
  }
  const gj = by('gadgetry run trace_open -o json | cat');
  if (gj) check(gj.rssMiB <= 64, `json | cat: peak RSS <= 64 MiB: ${fmt(gj.rssMiB, 1)} MiB`);
  if (maps?.length) {
    const over = maps.filter((m) => !(m.bytes <= 16 * MIB));
    const biggest = maps.filter((m) => Number.isFinite(m.bytes)).sort((a, b) => b.bytes - a.bytes)[0];
    check(over.length === 0, `default map memory <= 16 MiB for every built-in gadget: largest ${biggest?.gadget} ${fmt(biggest?.bytes / MIB, 1)} MiB${over.length ? `; over or unknown: ${over.map((m) => `${m.gadget} ${fmt(m.bytes / MIB, 1)} MiB ${m.note}`).join(', ')}` : ''}`);
  }
}

/** The map memory table (BENCH_MAPS=1). */
export function printMapMemory(maps) {
  console.log('\ndefault BPF map memory per gadget (gadgetry run <g> --stats --timeout 1)');
  for (const m of maps) console.log(`  ${m.gadget.padEnd(20)} ${fmt(m.bytes / MIB, 2).padStart(7)} MiB ${m.note}`);
}
