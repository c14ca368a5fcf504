// gadgetry run --stats and --stats-interval: what the CLI accepts and
// refuses, with pure-JavaScript gadgets (no BPF object: the kernel part is
// `not reported`). The numbers against the kernel: packages/e2e/test/runStats*.test.ts.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefusal } from './fixtures/expectRefusal.js';
import { CLI, tempProject, type TempProject } from './fixtures/tempProject.js';
import { runCli } from './fixtures/runCli.js';

let project: TempProject;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the runtime first (npx nx build @gadgetry/runtime)`);
  project = tempProject();
  project.addGadget('hello');
});
afterAll(() => project.remove());

const run = (args: string[]) => runCli(args, project.dir, { timeoutMs: 10_000, env: { GADGETRY_PATH: project.nodeModules } });

describe('gadgetry run --stats', () => {
  it('refuses a --stats-interval that is not seconds from 0.1, and a --stats that is not a boolean: one line, exit 2', async () => {
    const cases = ['0', 'abc', '-1', '0.05', '1e10', '5s', ''];
    const results = await Promise.all(cases.map((v) => run(['run', 'hello', '--stats-interval', v, '--timeout', '1'])));
    results.forEach((r, i) =>
      expectRefusal(r, cases[i]!, /^error: invalid --stats-interval ".*": expected seconds from 0\.1 to 2147483\.647, e\.g\. 1 or 0\.5 \[USAGE\]$/),
    );
    expectRefusal(await run(['run', 'hello', '--stats=maybe', '--timeout', '1']), '--stats=maybe', /^error: invalid --stats "maybe": expected true or false \[USAGE\]$/);
  });

  it('is explained in gadgetry run --help', async () => {
    const r = await run(['run', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}--stats {17}Report what the run costs at its end: each BPF program's runs and run$/m);
    expect(r.stdout).toMatch(/^ {2}--stats-interval <s> {4}Also report it every <s> seconds while the run runs \(implies --stats\)$/m);
  });

  it('a gadget without BPF objects: the table says so, the JSON record says `not reported`, the runtime\'s own cost is there', async () => {
    const table = await run(['run', 'hello', '--stats', '--timeout', '0.3']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stderr).toMatch(/^hello: cost over 0\.\d s\nthe gadget reports no BPF objects\ntotal: BPF time not reported, map memory 0 B, runtime CPU [\d.]+ (us|ms|s)/m);
    const json = await run(['run', 'hello', '--stats', '--timeout', '0.3', '-o', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const last = JSON.parse(json.stdout.trim().split('\n').at(-1)!) as { stats: { gadget: string; ended: string; cost: Record<string, unknown> } };
    expect(last.stats).toMatchObject({ gadget: 'hello', ended: 'timeout' });
    expect(last.stats.cost).toMatchObject({ runTime: 'not reported', programs: [], maps: [], bpfTimeNs: null, mapBytes: 0 });
    expect(last.stats.cost.cpuMs).toBeGreaterThan(0);
    expect(last.stats.cost.rssBytes).toBeGreaterThan(0);
    // the summary stays as it was, without the cost
    expect(json.stderr).toMatch(/^\{"summary":\{"gadget":"hello",.*\}\}$/m);
    expect(json.stderr).not.toContain('"cost"');
  });

  it('without --stats nothing of it is printed', async () => {
    const r = await run(['run', 'hello', '--timeout', '0.3', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('"stats"');
    expect(r.stderr).not.toContain('cost');
  });
});
