// What the CLI refuses and escapes, with pure-JavaScript gadgets; the same
// with the real gadgets is in packages/e2e/test/cliInput.test.ts.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefusal } from './fixtures/expectRefusal.js';
import { CLI, tempProject, type TempProject } from './fixtures/tempProject.js';
import { runCli } from './fixtures/runCli.js';

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

});

describe('gadgetry boolean flags', () => {
  it('takes a boolean given last as set, instead of asking for its value', async () => {
    const r = await run(['run', 'hello_snapshot', '--count', '1', '-o', 'json', '--fields', 'text', '--loud']);
    expect(r.stderr).toMatch(/^\{"summary":\{"gadget":"hello_snapshot","ended":"completed","events":1,[^\n]*\}\}\n$/);
    expect(r.stdout).toBe('{"text":"HELLO 0"}\n');
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

  it('error lines escape what was typed and show at most 80 characters of it', async () => {
    const typed = `\x1b[31m${'a'.repeat(100_000)}`;
    const r = await run(['run', 'hello', '--mode', typed]);
    expectRefusal(r, 'mode', /^error: invalid value "\\x1b\[31ma{72}…" \(100005 characters\) for --mode of gadget "hello": expected one of fast, slow \[PARAM_INVALID\]$/);
    const name = await run(['run', 'hello', `--\x1b]0;x\x07`, '1']);
    expectRefusal(name, 'name', /^error: unknown param --\\x1b\]0;x\\x07 for gadget "hello"; known params: /);
    const option = await run(['list', `--\u202egp`]);
    expectRefusal(option, 'option', /^error: unknown option --\\u202egp for list; see gadgetry list --help \[USAGE\]$/);
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
    expect(r.stderr).toMatch(/^\{"summary":\{"gadget":"hello_snapshot","ended":"completed","events":3,[^\n]*\}\}\n$/);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(3);
  });

});
