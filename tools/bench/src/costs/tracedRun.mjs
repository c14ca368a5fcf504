// One measured run of the cost bench: the workload alone, under `gadgetry run <g> -o json
// --stats`, or under a bpftrace peer; each tracer under tools/bench/build/measure (wait4
// rusage: CPU and peak RSS).
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync, fstatSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The last `bytes` of a file, as text (the end of a long -o json output). */
function tail(file, bytes = 1 << 20) {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(Math.min(bytes, size));
    readSync(fd, buf, 0, buf.length, size - buf.length);
    return buf.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

const lastRecord = (text, key) => {
  const line = text.trim().split('\n').findLast((l) => l.startsWith(`{"${key}"`));
  return line ? JSON.parse(line)[key] : undefined;
};

export class CostRunner {
  constructor({ root, build, cli, seconds }) {
    Object.assign(this, { root, build, cli, seconds });
    this.out = `/dev/shm/gadgetry-costs-${process.pid}.out`;
  }

  /** The workload alone: {ops, opsPerSec, seconds}. */
  workload(load) {
    const [mode, ...rest] = load;
    const cmd = mode === 'ssl'
      ? [join(this.build, 'sslload'), String(this.seconds), join(this.build, 'ssl-cert.pem'), join(this.build, 'ssl-key.pem')]
      : [join(this.build, 'costload'), mode, String(this.seconds), ...rest];
    return JSON.parse(execFileSync(cmd[0], cmd.slice(1), { encoding: 'utf8', timeout: (this.seconds + 60) * 1000 }));
  }

  /** Starts `cmd` under measure, stdout to a file; resolves once `ready(stderr, stdoutFile)` holds. */
  async #start(cmd, ready, label) {
    const fd = openSync(this.out, 'w');
    // its own process group: a tracer that ignores SIGINT is killed with everything it started
    const child = spawn(join(this.build, 'measure'), cmd, { stdio: ['ignore', fd, 'pipe'], cwd: this.root, detached: true });
    closeSync(fd);
    const run = { child, stderr: '' };
    child.stderr.on('data', (d) => (run.stderr += d));
    run.exited = new Promise((r) => child.on('close', r));
    const deadline = Date.now() + 30_000;
    while (!ready(run.stderr)) {
      if (child.exitCode !== null || Date.now() > deadline) {
        killGroup(child, 'SIGKILL');
        await run.exited;
        throw new Error(`${label} did not start:\n${run.stderr.slice(-2000)}`);
      }
      await sleep(50);
    }
    return run;
  }

  /** SIGINT, then SIGKILL after `graceMs` (bpftrace prints its maps at exit: symbolizing stacks takes a while). */
  async #stop(run, graceMs = 15_000) {
    run.child.kill('SIGINT');
    const killer = setTimeout(() => killGroup(run.child, 'SIGKILL'), graceMs);
    await run.exited;
    clearTimeout(killer);
    const usage = lastRecord(run.stderr, 'userSec') === undefined ? undefined : JSON.parse(run.stderr.trim().split('\n').findLast((l) => l.startsWith('{"userSec"')));
    if (!usage) throw new Error(`the tracer did not stop within ${graceMs / 1000} s of SIGINT:\n${run.stderr.slice(-1000)}`);
    return usage;
  }

  /** `gadgetry run <gadget> <args> -o json --stats` around one workload run. */
  async gadgetry(spec) {
    const g = spec.gadget;
    const run = await this.#start([this.cli, 'run', g, ...spec.args, '-o', 'json', '--stats', '-v'], (e) => e.includes(`${g}: started`), g);
    await sleep(300);
    const w = this.workload(spec.load);
    await sleep(300);
    const usage = await this.#stop(run);
    return this.#gadgetryResult(run, usage, w);
  }

  /** A one-shot gadget, from start to exit. */
  async snapshot(spec, extraArgs = []) {
    const t0 = process.hrtime.bigint();
    const run = await this.#start([this.cli, 'run', spec.gadget, ...spec.args, ...extraArgs, '-o', 'json', '--stats'], () => true, spec.gadget);
    await run.exited;
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const usage = JSON.parse(run.stderr.trim().split('\n').findLast((l) => l.startsWith('{"userSec"')));
    return { ...this.#gadgetryResult(run, usage, undefined), wallMs };
  }

  #gadgetryResult(run, usage, w) {
    const text = tail(this.out);
    rmSync(this.out, { force: true });
    const summary = lastRecord(run.stderr, 'summary');
    const stats = lastRecord(text, 'stats');
    if (!summary || !stats) throw new Error(`no summary or stats record:\n${run.stderr.slice(-2000)}`);
    const cost = stats.cost ?? {};
    const bpfNs = cost.bpfTimeNs == null ? NaN : Number(cost.bpfTimeNs);
    const runs = (cost.programs ?? []).reduce((n, p) => n + Number(p.runCount ?? NaN), 0);
    return {
      ops: w?.opsPerSec ?? NaN,
      opsTotal: w?.ops ?? NaN,
      events: summary.events,
      eventsPerSec: w ? summary.events / w.seconds : NaN,
      lost: summary.lost?.total ?? NaN,
      cpu: usage.userSec + usage.sysSec,
      rssMiB: usage.maxRssKb / 1024,
      bpfNsPerRun: runs > 0 ? bpfNs / runs : NaN,
      bpfNsPerOp: w && w.ops > 0 ? bpfNs / w.ops : NaN,
      mapMiB: (cost.mapBytes ?? NaN) / (1 << 20),
      exit: usage.exit,
    };
  }

  /** A bpftrace program around one workload run. */
  async bpftrace(program, load) {
    const run = await this.#start(['bpftrace', '-o', this.out, '-e', program], () => {
      try {
        // its output to a file is block-buffered: "Attaching N probes..." is all that shows early
        return readFileSync(this.out, 'utf8').startsWith('Attaching');
      } catch {
        return false;
      }
    }, 'bpftrace');
    await sleep(1500); // from "Attaching" to attached

    const w = this.workload(load);
    await sleep(300);
    const usage = await this.#stop(run, 90_000);
    const lost = [...tail(this.out).matchAll(/Lost (\d+) events/g)].reduce((n, m) => n + Number(m[1]), 0);
    rmSync(this.out, { force: true });
    return { ops: w.opsPerSec, cpu: usage.userSec + usage.sysSec, rssMiB: usage.maxRssKb / 1024, lost };
  }
}
