// The headless-run commands through the CLI's main(), with a HeadlessRuns
// over the real gadgets given through MainOptions.headless (where an
// agent's client goes): run --detach, ps, attach, rm and their errors.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { GadgetCatalog, HeadlessRuns, LocalRunner, runCli, type CliIO, type MainOptions } from '@gadgetry/runtime';
import { execTrue, marker } from './fixtures/headless.js';

const skip = kernelTestGate();
const stateRoot = mkdtempSync(join(tmpdir(), 'gadgetry-headless-cli-'));
const runs = new HeadlessRuns(new LocalRunner(new GadgetCatalog()), { stateDir: join(stateRoot, 'state') });
afterAll(async () => {
  await runs.close();
  rmSync(stateRoot, { recursive: true, force: true });
});

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** main() with `options`; `watch` sees stdout as it grows and may stop the command (Ctrl-C). */
async function cli(
  argv: string[],
  options: MainOptions = { headless: async () => runs },
  watch?: (stdout: string, stop: () => void) => void,
  onStart?: () => void,
): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  let stop: (() => void) | undefined;
  let fallback: NodeJS.Timeout | undefined;
  const io: CliIO = {
    out: (t) => {
      stdout += t;
      if (stop) watch?.(stdout, stop);
    },
    err: (t) => (stderr += t),
    env: {},
    cwd: '/',
  };
  const code = await runCli(argv, io, {
    ...options,
    onRun: (s) => {
      stop = s;
      // the reader is attached right after this: what onStart causes comes after
      if (onStart) setTimeout(onStart, 100);
      fallback = setTimeout(s, 10_000);
    },
  });
  clearTimeout(fallback);
  return { code, stdout, stderr };
}

const oneLine = (text: string) => text.trimEnd().split('\n');

describe.skipIf(skip)('headless-run commands', () => {
  beforeAll(async () => {
    const r = await cli(['run', '--detach', '--name', 'cli-execs', 'trace_exec']);
    expect(r).toEqual({ code: 0, stdout: 'cli-execs\n', stderr: '' });
  });

  it('run --detach prints the name and returns; the run is kept', async () => {
    expect((await runs.list()).find((s) => s.name === 'cli-execs')).toMatchObject({ state: 'running', gadget: 'trace_exec' });
  });

  it('ps prints an aligned table of every run', async () => {
    expect((await cli(['run', '--detach', '--name', 'a-much-longer-run-name.v2', 'trace_exec', '--timeout', '600'])).code).toBe(0);
    const r = await cli(['ps']);
    expect(r.code).toBe(0);
    const lines = oneLine(r.stdout);
    expect(lines[0]).toMatch(/^NAME +GADGET +NODE +STATE +EVENTS +LOST +AGE +RESUMED$/);
    expect(lines.slice(1).map((l) => l.split(/ +/)[0])).toEqual(['a-much-longer-run-name.v2', 'cli-execs']);
    // every column starts where its header does (numbers end where theirs do)
    const start = (h: string) => lines[0]!.indexOf(h);
    for (const line of lines.slice(1)) {
      expect(line.slice(start('GADGET'), start('GADGET') + 10)).toBe('trace_exec');
      expect(line.slice(start('STATE'), start('STATE') + 7)).toBe('running');
      expect(line[start('EVENTS') - 1]).toBe(' ');
      expect(line.length).toBe(lines[0]!.length);
    }
    const json = oneLine((await cli(['ps', '-o', 'json'])).stdout).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(json.map((s) => s.name)).toEqual(['a-much-longer-run-name.v2', 'cli-execs']);
    expect(json[0]).toMatchObject({ state: 'running', options: { timeoutMs: 600_000 }, resumed: 0 });
    expect((await cli(['rm', 'a-much-longer-run-name.v2'])).stdout).toBe('a-much-longer-run-name.v2\n');
  });

  it('attach prints the exec row as run would; Ctrl-C detaches and the run goes on', async () => {
    const text = marker('cli');
    let pid = 0;
    const r = await cli(
      ['attach', 'cli-execs', '--fields', 'pid,comm,args'],
      undefined,
      (stdout, stop) => {
        if (stdout.includes(text)) stop();
      },
      () => (pid = execTrue(text)),
    );
    expect(r.code).toBe(0);
    const lines = oneLine(r.stdout);
    expect(lines[0]).toMatch(/^ *PID +COMM +ARGS$/);
    expect(lines.find((l) => l.includes(text))).toMatch(new RegExp(`^ *${pid} +true +/bin/true ${text}$`));
    expect(r.stderr).toContain('detached from cli-execs; the run goes on (gadgetry rm cli-execs stops it)');
    expect((await runs.list()).find((s) => s.name === 'cli-execs')).toMatchObject({ state: 'running' });
  });

  it('a run detached with --stats-interval shows its cost to whoever attaches', async () => {
    expect((await cli(['run', '--detach', '--name', 'cli-costs', 'trace_exec', '--stats-interval', '0.2'])).code).toBe(0);
    expect((await runs.list()).find((s) => s.name === 'cli-costs')?.options).toMatchObject({ stats: true, statsIntervalMs: 200 });
    const r = await cli(['attach', 'cli-costs', '-o', 'json'], undefined, (stdout, stop) => {
      if (stdout.includes('{"stats"')) stop();
    });
    expect(r.code).toBe(0);
    const record = oneLine(r.stdout).map((l) => JSON.parse(l) as { stats?: { cost?: { programs: unknown[] } } }).find((o) => o.stats);
    expect(record?.stats?.cost?.programs.length).toBeGreaterThan(0);
    expect((await cli(['rm', 'cli-costs'])).code).toBe(0);
  });

  it('rm stops the run; unknown names are one line and exit 2', async () => {
    const r = await cli(['rm', 'cli-execs', 'no-such-run']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('cli-execs\n');
    expect(oneLine(r.stderr)).toEqual([expect.stringMatching(/^error: no headless run named "no-such-run".*\[RUN_NOT_FOUND\]$/)]);
    expect(await runs.list()).toEqual([]);
    const attach = await cli(['attach', 'cli-execs']);
    expect(attach.code).toBe(2);
    expect(oneLine(attach.stderr)).toEqual([expect.stringMatching(/\[RUN_NOT_FOUND\]$/)]);
  });

  it('a taken name, a bad name and a missing --name are one line and exit 2', async () => {
    expect((await cli(['run', '--detach', '--name', 'twice', 'trace_exec'])).code).toBe(0);
    const taken = await cli(['run', '--detach', '--name', 'twice', 'trace_exec']);
    expect(taken.code).toBe(2);
    expect(oneLine(taken.stderr)).toEqual([expect.stringMatching(/^error: a headless run named "twice" exists already.*\[RUN_NAME_TAKEN\]$/)]);
    const bad = await cli(['run', '--detach', '--name', '../x', 'trace_exec']);
    expect(bad.code).toBe(2);
    expect(oneLine(bad.stderr)).toEqual([expect.stringMatching(/\[RUN_NAME_INVALID\]$/)]);
    const unnamed = await cli(['run', '--detach', 'trace_exec']);
    expect(unnamed.code).toBe(2);
    expect(oneLine(unnamed.stderr)).toEqual([expect.stringMatching(/needs a name for the run: --name X/)]);
    const output = await cli(['run', '--detach', '--name', 'y', 'trace_exec', '-o', 'json']);
    expect(output.code).toBe(2);
    expect(oneLine(output.stderr)).toEqual([expect.stringMatching(/-o is for the output: give it to gadgetry attach y/)]);
    // trace_dns has a --name param of its own: the run's name is --run-name
    const dns = await cli(['run', '--detach', '--name', 'example.com', 'trace_dns']);
    expect(dns.code).toBe(2);
    expect(oneLine(dns.stderr)).toEqual([expect.stringMatching(/--run-name X \(trace_dns has a --name param of its own\)/)]);
    expect((await cli(['rm', 'twice'])).code).toBe(0);
  });

  it('without an agent, each command says in one line that it needs one (exit 2)', async () => {
    for (const argv of [['ps'], ['rm', 'x'], ['attach', 'x'], ['run', '--detach', '--name', 'x', 'trace_exec']]) {
      const r = await cli(argv, {});
      expect(r.code, argv.join(' ')).toBe(2);
      expect(oneLine(r.stderr)).toEqual([expect.stringMatching(/needs an agent that keeps headless runs: start one with gadgetry serve.*\[AGENT_REQUIRED\]$/)]);
    }
  });

  it('refuses unknown options and extra arguments of attach and ps in one line', async () => {
    const extra = await cli(['attach', 'a', 'b']);
    expect(extra.code).toBe(2);
    expect(oneLine(extra.stderr)).toEqual([expect.stringMatching(/unexpected argument "b" for attach/)]);
    const unknown = await cli(['ps', '--all']);
    expect(unknown.code).toBe(2);
    expect(oneLine(unknown.stderr)).toEqual([expect.stringMatching(/unknown option --all for ps/)]);
  });
});
