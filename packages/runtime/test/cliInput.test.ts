import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, tempProject, type TempProject } from './fixtures/tempProject.js';
import { RAW_CONTROL } from './fixtures/nastyStrings.js';
import { runCli, type CliResult } from './runCli.js';

// The workspace root: its node_modules holds the real gadgets and operators.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const noKernel = process.getuid?.() === 0 ? undefined : 'the real gadgets need root';
if (noKernel && process.env.GADGETRY_STRICT === '1') throw new Error(`${noKernel}, and GADGETRY_STRICT=1 forbids skipping them`);

/** A one-shot gadget that emits one event whose text is its --text param. */
const ECHO_GADGET = `import { Type, defineGadget } from '@gadgetry/sdk';
export default defineGadget({
  name: 'echo_snapshot',
  description: 'emits its --text',
  category: 'snapshot',
  type: 'one-shot',
  params: Type.Object({ text: Type.String({ default: '', description: 'Text of the event' }) }),
  event: Type.Object({
    user: Type.String({ width: 8, description: 'Owner' }),
    comm: Type.String({ kind: 'comm', width: 8, description: 'Command' }),
    text: Type.String({ description: 'The text' }),
  }),
  instantiate() {
    let p; let emit = () => {};
    return { init(ctx) { p = ctx.params; }, setEventHandler(h) { emit = h; }, start() { emit({ user: 'mallory', comm: 'touch', text: p.text }); } };
  },
});
`;

let project: TempProject;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the runtime first (npx nx build @gadgetry/runtime)`);
  project = tempProject();
  project.addGadget('hello');
  project.addGadget('hello_snapshot', { type: 'one-shot' });
  project.addPackage(
    'gadget-echo',
    { gadgetry: { name: 'echo_snapshot', entry: './index.js', sdk: '^0.1.0', description: 'emits its --text', category: 'snapshot', type: 'one-shot' } },
    { 'index.js': ECHO_GADGET },
  );
});
afterAll(() => project.remove());

// Gadgets are not discovered from the working directory: the test project's are named with GADGETRY_PATH.
const run = (args: string[], cwd = project.dir) => runCli(args, cwd, { timeoutMs: 10_000, env: { GADGETRY_PATH: project.nodeModules } });

/** A refusal: exit 2, nothing on stdout, one escaped line on stderr. */
function expectRefusal(r: CliResult, what: string, line: RegExp): void {
  expect(r.code, `${what}: ${r.stderr}`).toBe(2);
  expect(r.stdout, what).toBe('');
  expect(r.stderr.split('\n'), what).toHaveLength(2);
  const text = r.stderr.slice(0, -1);
  expect(text, what).toMatch(line);
  expect(text, what).not.toMatch(RAW_CONTROL);
}

describe('gadgetry refuses numbers that would mean something else', () => {
  it('integer params with a fraction, exponent or trailing text: exit 2 instead of truncating', async () => {
    const cases: [string[], RegExp][] = [
      [['--count', '1.9'], /^error: invalid value "1\.9" for --count of gadget "hello_snapshot": expected integer \(>= 1\) \[PARAM_INVALID\]$/m],
      [['--count', '1e3'], /^error: invalid value "1e3" for --count/m],
      [['--count', '2abc'], /^error: invalid value "2abc" for --count/m],
      [['--max-rows', '1e3'], /^error: invalid value "1e3" for --max-rows of operator "limit": expected integer \(0\.\.2147483647\) \[PARAM_INVALID\]$/m],
      [['--max-rows', '1.9'], /^error: invalid value "1\.9" for --max-rows/m],
    ];
    const results = await Promise.all(cases.map(([args]) => run(['run', 'hello_snapshot', ...args])));
    results.forEach((r, i) => expectRefusal(r, cases[i]![0].join(' '), cases[i]![1]));
  });

  it('--timeout below 1 ms or past what a timer holds: exit 2 instead of running forever or stopping at once', async () => {
    const cases = ['0.0001', '1e10', '10000000000', '0x10', 'Infinity', '5s'];
    const results = await Promise.all(cases.map((t) => run(['run', 'hello', '--timeout', t])));
    results.forEach((r, i) =>
      expectRefusal(r, cases[i]!, /^error: invalid --timeout ".*": expected seconds from 0\.001 to 2147483\.647, e\.g\. 5 or 0\.5 \[USAGE\]$/),
    );
  });

  it.skipIf(noKernel)('a ring buffer past 1 GiB is refused before loading, not wrapped to 2 GiB', async () => {
    const r = await run(['run', 'trace_exec', '--buffer-kb', '6291456', '--timeout', '1'], ROOT);
    expectRefusal(r, 'buffer-kb', /^error: invalid value "6291456" for --buffer-kb of gadget "trace_exec": expected integer \(4\.\.1048576\) \[PARAM_INVALID\]$/);
  });
});

describe('gadgetry boolean flags', () => {
  it('takes a boolean given last as set, instead of asking for its value', async () => {
    const r = await run(['run', 'hello_snapshot', '--count', '1', '-o', 'json', '--fields', 'text', '--loud']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('{"text":"HELLO 0"}\n');
  });

  it.skipIf(noKernel)('run snapshot_process --threads lists threads', async () => {
    const r = await run(['run', 'snapshot_process', '-o', 'json', '--fields', 'pid,tid', '--threads'], ROOT);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { pid: number; tid: number });
    // the runner's own Node process has worker threads: some row is a thread that is not its process's leader
    expect(rows.some((row) => row.tid !== row.pid)).toBe(true);
  });
});

describe('gadgetry escapes what reaches the terminal', () => {
  const evil = 'x\x1b[2J\x1b]0;owned\x07\r\nroot     sshd     /etc/shadow\u202e';

  it('column output escapes control characters so a name cannot forge a line; json stays exact', async () => {
    const cols = await run(['run', 'echo_snapshot', '--text', evil]);
    expect(cols.code, cols.stderr).toBe(0);
    expect(cols.stdout).toBe(
      'USER     COMM     TEXT\nmallory  touch    x\\x1b[2J\\x1b]0;owned\\x07\\r\\nroot     sshd     /etc/shadow\\u202e\n',
    );
    const json = await run(['run', 'echo_snapshot', '--text', evil, '-o', 'json', '--fields', 'text']);
    expect(JSON.parse(json.stdout)).toEqual({ text: evil });
  });

  it.skipIf(noKernel)('trace_exec columns show a hostile argument escaped, on its own line', async () => {
    const marker = `gadgetry-escape-${process.pid}`;
    let spawned = false;
    const r = await runCli(['run', 'trace_exec', '--filter', `args:~${marker}`, '--timeout', '3'], ROOT, {
      timeoutMs: 15_000,
      onStdout: (text) => {
        if (spawned || !text.includes('\n')) return;
        spawned = true; // the header is out: the gadget is attached
        spawnSync('/bin/true', [`${marker}\x1b[2J\nroot 1 sshd /etc/shadow`]);
      },
    });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${marker}\\x1b[2J\\nroot 1 sshd /etc/shadow`);
    for (const line of lines) expect(line).not.toMatch(RAW_CONTROL);
  });

  it('error lines escape what was typed and show at most 80 characters of it', async () => {
    const typed = `\x1b[31m${'a'.repeat(100_000)}`;
    const r = await run(['run', 'hello', '--mode', typed]);
    expectRefusal(r, 'mode', /^error: invalid value "\\x1b\[31ma{72}…" \(100005 characters\) for --mode of gadget "hello": expected one of fast, slow \[PARAM_INVALID\]$/);
    const name = await run(['run', 'hello', `--\x1b]0;x\x07`, '1']);
    expectRefusal(name, 'name', /^error: unknown param --\\x1b\]0;x\\x07 for gadget "hello"; known params: /);
    const option = await run(['list', `--\u202egp`]);
    expectRefusal(option, 'option', /^error: unknown option --\\u202egp for list; see gadgetry list --help \[USAGE\]$/);
  });

  it.skipIf(noKernel)('the warning about an absent container escapes its name', async () => {
    const r = await run(['run', 'trace_exec', '--containername', 'web\x1b[2J', '--timeout', '0.5'], ROOT);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('warn: no running container named web\\x1b[2J yet; its events appear once it starts\n');
  });
});

describe('gadgetry refuses what it would otherwise ignore', () => {
  it('empty --filter, --fields and --sort, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--filter', ''], /^error: empty --filter; use field:value, e\.g\. --filter comm:bash \[PARAM_INVALID\]$/m],
      [['--fields', ','], /^error: empty field name in --fields ","; give field names separated by commas, e\.g\. --fields pid,comm \(see gadgetry describe <gadget>\) \[USAGE\]$/m],
      [['--fields', ''], /^error: empty --fields; give field names/m],
      [['--sort', ''], /^error: empty --sort; give fields to sort by, e\.g\. --sort -rbytes,pid \[PARAM_INVALID\]$/m],
    ];
    const results = await Promise.all(cases.map(([args]) => run(['run', 'hello_snapshot', ...args])));
    results.forEach((r, i) => expectRefusal(r, cases[i]![0].join(' '), cases[i]![1]));
  });

  it.skipIf(noKernel)('empty --containername, exit 2 instead of tracing every container', async () => {
    const r = await run(['run', 'trace_exec', '--containername', '', '--timeout', '1'], ROOT);
    expectRefusal(r, 'containername', /^error: empty --containername; give container names separated by commas \(see gadgetry list-containers\) \[PARAM_INVALID\]$/);
  });

  it('list, doctor, version and list-containers refuse unknown options, missing values and extra arguments', async () => {
    const cases: [string[], RegExp][] = [
      [['list', '--bogus'], /^error: unknown option --bogus for list; see gadgetry list --help \[USAGE\]$/],
      [['list', '--bogus', 'x'], /^error: unknown option --bogus for list; see gadgetry list --help \[USAGE\]$/],
      [['list', 'extra'], /^error: unexpected argument "extra" for list; usage: gadgetry list \[options\] \[USAGE\]$/],
      [['list', '-o'], /^error: option -o needs a value \[USAGE\]$/],
      [['doctor', '--fix'], /^error: unknown option --fix for doctor; see gadgetry doctor --help \[USAGE\]$/],
      [['version', '--json'], /^error: unknown option --json for version; see gadgetry version --help \[USAGE\]$/],
      [['version', 'now'], /^error: unexpected argument "now" for version; usage: gadgetry version \[options\] \[USAGE\]$/],
      [['list-containers', '--all'], /^error: unknown option --all for list-containers; see gadgetry list-containers --help \[USAGE\]$/],
      [['describe', 'hello', 'extra'], /^error: unexpected argument "extra" for describe; usage: gadgetry describe <gadget> \[options\] \[USAGE\]$/],
    ];
    const results = await Promise.all(cases.map(([args]) => run(args)));
    results.forEach((r, i) => expectRefusal(r, cases[i]![0].join(' '), cases[i]![1]));
  });
});

describe('gadgetry --sort', () => {
  it('accepts the fields the enrichers add, as --filter does', async () => {
    const r = await run(['run', 'hello_snapshot', '--count', '3', '--sort', 'exe,-pid', '--filter', 'exe:~.*', '-o', 'json', '--fields', 'pid']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(3);
  });

  it.skipIf(noKernel)('sorts snapshot_process by user name', async () => {
    const r = await run(['run', 'snapshot_process', '--sort', 'user,pid', '-o', 'json', '--fields', 'user'], ROOT);
    expect(r.code, r.stderr).toBe(0);
    const users = r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { user: string }).user);
    expect(users.length).toBeGreaterThan(1);
    expect(users).toEqual([...users].sort((a, b) => a.localeCompare(b)));
  });
});
