import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, helloGadgetSource, helloManifest, tempProject, type TempProject } from './fixtures/tempProject.js';
import { runCli as runCliIn } from './fixtures/runCli.js';

let project: TempProject;
// Gadgets are not discovered from the working directory: the test project's are named with GADGETRY_PATH.
const runCli = (args: string[], cwd: string, opts: Parameters<typeof runCliIn>[2] = {}) =>
  runCliIn(args, cwd, { ...opts, env: { GADGETRY_PATH: project.nodeModules, ...opts.env } });

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the runtime first (npx nx build @gadgetry/runtime)`);
  project = tempProject();
  project.addGadget('hello');
  project.addGadget('hello_snapshot', { packageName: '@acme/gadget-hello-snapshot', type: 'one-shot' });
  project.addPackage(
    '@acme/gadgetry-shout',
    { gadgetry: { kind: 'operator', name: 'shout', entry: './index.js', sdk: '^0.1.0', description: 'third-party operator', appliesTo: 'all' } },
    {
      'index.js': `import { Type, defineOperator } from '@gadgetry/sdk';
export default defineOperator({
  name: 'shout',
  description: 'appends a suffix to text fields',
  params: Type.Object({ shoutSuffix: Type.String({ default: '', description: 'Suffix for the text field' }) }),
  canOperateOn: (d) => 'text' in d.event.properties,
  fields: () => [{ name: 'shouted', schema: Type.Boolean({ width: 7, description: 'Whether a suffix was added' }) }],
  instantiate: (_ctx, _g, params) => ({
    enrichEvent(ev) { ev.text += params.shoutSuffix; ev.shouted = params.shoutSuffix !== ''; },
  }),
});
`,
    },
  );
  project.addPackage(
    'gadget-lossy',
    { gadgetry: { name: 'lossy', entry: './index.js', sdk: '^0.1.0', description: 'loses events', category: 'trace', type: 'trace' } },
    {
      'index.js': `import { Type, defineGadget } from '@gadgetry/sdk';
export default defineGadget({
  name: 'lossy',
  description: 'loses events',
  category: 'trace',
  type: 'trace',
  params: Type.Object({}),
  event: Type.Object({ pid: Type.Integer({ kind: 'pid', width: 7, description: 'Process id' }) }),
  instantiate() {
    let emit = () => {};
    let flow;
    return {
      init(ctx) { flow = ctx.flow; },
      setEventHandler(h) { emit = h; },
      start() {
        emit({ pid: 1 });
        emit({ pid: 'not a number' });
        flow.lost(5, 'ring_full', 'the ring buffer was full; raise --buffer-kb');
        flow.lost(2, 'pending_full');
      },
    };
  },
});
`,
    },
  );
  project.addPackage('gadget-broken', { gadgetry: { name: 'Broken Name', entry: './index.js', sdk: '^0.1.0', description: 'x', category: 'trace', type: 'trace' } });
});
afterAll(() => project.remove());

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at /);

describe('gadgetry CLI', () => {
  it('list shows the gadgets in GADGETRY_PATH, and one warning line per broken package', async () => {
    const r = await runCli(['list'], project.dir);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+TYPE\s+CATEGORY\s+VERSION\s+PACKAGE\s+DESCRIPTION$/);
    expect(lines.find((l) => l.startsWith('hello '))).toMatch(/^hello\s+trace\s+trace\s+1\.2\.3\s+gadget-hello\s+says hello \(hello\)$/);
    expect(lines.some((l) => l.startsWith('hello_snapshot ') && l.includes('@acme/gadget-hello-snapshot'))).toBe(true);
    expect(r.stderr.trim().split('\n').filter((l) => l.includes('gadget-broken'))).toHaveLength(1);
    expect(r.stderr).toMatch(/warning: gadget-broken .*invalid manifest, gadgetry\.name/);
  });

  it('list -o json gives one object per gadget', async () => {
    const r = await runCli(['list', '-o', 'json'], project.dir);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { name: string });
    expect(rows.map((x) => x.name)).toEqual(expect.arrayContaining(['hello', 'hello_snapshot']));
  });

  it('run prints events as aligned columns and hides hidden fields', async () => {
    const r = await runCli(['run', 'hello_snapshot', '--count', '2'], project.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('    PID COMM             TEXT             SHOUTED\n   1000 hello-fast       hello 0          false\n   1001 hello-fast       hello 1          false\n');
    expect(r.stderr).toMatch(/^hello_snapshot: 2 events in \d+\.\d s, 0 lost\n$/);
  });

  it('run -o json prints one object per line, with typed params converted', async () => {
    const r = await runCli(['run', 'hello_snapshot', '--count=3', '--loud', '--mode', 'slow', '-o', 'json'], project.dir);
    expect(r.code).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events).toHaveLength(3);
    expect(events[2]).toEqual({ pid: 1002, comm: 'hello-slow', text: 'HELLO 2', secret: 's2', exe: '', shouted: false });
  });

  it('run -v right after a boolean param of the gadget is still -v, not that param\'s value', async () => {
    const r = await runCli(['run', 'hello_snapshot', '--count', '1', '--loud', '-v', '-o', 'json'], project.dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^hello_snapshot: started$/m);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ text: 'HELLO 0' });
  });

  it('run -o yaml and --fields pick the output', async () => {
    const r = await runCli(['run', 'hello_snapshot', '--count', '1', '-o', 'yaml', '--fields', 'comm,pid'], project.dir);
    expect(r.stdout).toBe('- comm: hello-fast\n  pid: 1000\n');
  });

  it('the built-in operators filter, sort and limit what run prints', async () => {
    const r = await runCli(['run', 'hello_snapshot', '--count', '5', '--filter', 'pid:>=1001', '--sort', '-pid', '--max-rows', '2', '--fields', 'pid'], project.dir);
    expect(r.stderr).toMatch(/^hello_snapshot: 2 events in \d+\.\d s, 0 lost\n$/);
    expect(r.stdout).toBe('    PID\n   1004\n   1003\n');
    const bad = await runCli(['run', 'hello_snapshot', '--filter', 'size:>1'], project.dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: unknown field "size" in --filter "size:>1"; fields: pid, comm, text, secret, shouted, exe [PARAM_INVALID]\n');
  });

  it('third-party operator packages are discovered, described and run', async () => {
    const d = await runCli(['describe', 'hello'], project.dir);
    expect(d.stdout).toMatch(/Operator shout \(appends a suffix to text fields\):\n\s+--shout-suffix\s+string\s+Suffix for the text field/);
    expect(d.stdout).toMatch(/shouted\s+boolean\s+-\s+Whether a suffix was added/);
    const r = await runCli(['run', 'hello_snapshot', '--count', '1', '--shout-suffix', '!!', '-o', 'json', '--fields', 'text,shouted'], project.dir);
    expect(r.stdout).toBe('{"text":"hello 0!!","shouted":true}\n');
  });

  it('a trace gadget runs until --timeout', async () => {
    const began = Date.now();
    const r = await runCli(['run', 'hello', '--timeout', '0.5', '-o', 'json'], project.dir);
    expect(r.code).toBe(0);
    expect(Date.now() - began).toBeGreaterThanOrEqual(500);
    expect(r.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('a trace gadget stops cleanly on SIGINT', async () => {
    const r = await runCli(['run', 'hello'], project.dir, {
      onStdout: (text, child) => {
        if (text.includes('hello 2')) child.kill('SIGINT');
      },
    });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('    PID COMM             TEXT             SHOUTED');
  });

  it('every run ends with one summary line on stderr: events, seconds, lost', async () => {
    const r = await runCli(['run', 'hello', '--timeout', '0.5'], project.dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^hello: 3 events in 0\.[4-9] s, 0 lost\n$/);
  });

  it('with -o json the summary is one JSON object on stderr, for machines', async () => {
    const r = await runCli(['run', 'hello', '--timeout', '0.5', '-o', 'json'], project.dir);
    expect(r.code).toBe(0);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const { summary } = JSON.parse(lines[0]!) as { summary: Record<string, unknown> & { lost: Record<string, unknown>; durationMs: number; eventsPerSecond: number } };
    expect(summary).toMatchObject({ gadget: 'hello', ended: 'timeout', events: 3, invalid: { notObject: 0, mismatched: 0 } });
    expect(summary.lost).toEqual({
      total: 0,
      kernel: 0,
      queue: 0,
      output: 0,
      discarded: 0,
      byReason: { ring_full: 0, pending_full: 0, socket_full: 0, programs_skipped: 0, paused: 0, gadget_lost: 0, queue_full: 0, reader_behind: 0, client_behind: 0, output_behind: 0, discarded: 0 },
    });
    // from the gadget's start to the timeout, which counts from the beginning of the run
    expect(summary.durationMs).toBeGreaterThan(300);
    expect(summary.durationMs).toBeLessThan(1000);
    expect(summary.eventsPerSecond).toBeCloseTo((3 * 1000) / summary.durationMs, 1);
  });

  it('lost events are warning lines with their reason\'s words, and the summary counts them by reason, with invalid events', async () => {
    const r = await runCli(['run', 'lossy', '--timeout', '0.3'], project.dir);
    expect(r.code).toBe(0);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^warn: an event of gadget "lossy" does not match its event schema \(field "pid": .*\)/),
      'warn: 5 events lost: the ring buffer was full; raise --buffer-kb',
      'warn: 2 events lost: too many calls in flight (pending table full)',
      expect.stringMatching(/^lossy: 2 events in 0\.\d s, 7 lost \(5 ring_full, 2 pending_full\), 1 invalid \(1 not matching the schema\)$/),
    ]);
    const json = await runCli(['run', 'lossy', '--timeout', '0.3', '-o', 'json'], project.dir);
    const { summary } = JSON.parse(json.stderr.trimEnd().split('\n').at(-1)!) as { summary: { lost: { total: number; kernel: number; byReason: Record<string, number> } } };
    expect(summary.lost).toMatchObject({ total: 7, kernel: 7, byReason: { ring_full: 5, pending_full: 2, paused: 0 } });
  });

  it('a run that fails after starting prints its summary, then the error line; one refused before starting prints only the error', async () => {
    const r = await runCli(['run', 'lossy', '--timeout', '5', '--strict'], project.dir);
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.slice(-2)).toEqual([
      expect.stringMatching(/^lossy: 1 event in \d+\.\d s, 7 lost \(5 ring_full, 2 pending_full\), 1 invalid \(1 not matching the schema\)$/),
      expect.stringMatching(/^error: an event of gadget "lossy" does not match its event schema: field "pid": .* \[EVENT_SCHEMA_MISMATCH\]$/),
    ]);
    const refused = await runCli(['run', 'hello', '--count', '0'], project.dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: [^\n]*\[PARAM_INVALID\]\n$/);
  });

  it('an unknown gadget is one line naming the installed ones, exit 2', async () => {
    const r = await runCli(['run', 'nope'], project.dir);
    expect(r.code).toBe(2);
    // a long list is cut to keep the line short; -v shows it whole
    expect(r.stderr).toMatch(/^error: unknown gadget "nope"; installed gadgets: .*hello.* \[GADGET_NOT_FOUND\]( \(-v shows details\))?\n$/);
    expect(r.stdout).toBe('');
  });

  it('a bad param is one line naming the param, value and what is allowed, exit 2', async () => {
    const r = await runCli(['run', 'hello', '--mode', 'turbo'], project.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: invalid value "turbo" for --mode of gadget "hello": expected one of fast, slow [PARAM_INVALID]\n');
    const unknown = await runCli(['run', 'hello', '--colour', 'red'], project.dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown param --colour for gadget "hello"; known params: --count, --mode, --loud, --shout-suffix, --filter \[PARAM_INVALID\]\n$/);
    noStack(unknown.stderr);
  });

  it('bad options are usage errors', async () => {
    for (const args of [['run', 'hello', '-o', 'xml'], ['run', 'hello', '--timeout', 'soon'], ['frobnicate'], ['run', 'hello', '--fields', 'nope']]) {
      const r = await runCli(args, project.dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.split('\n').filter(Boolean), args.join(' ')).toHaveLength(1);
      noStack(r.stderr);
    }
  });

  it('describe lists params with types and defaults, and event fields with descriptions', async () => {
    const r = await runCli(['describe', 'hello'], project.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('hello: says hello (hello)\nPackage:  gadget-hello 1.2.3\nCategory: trace   Type: trace\n');
    expect(r.stdout).toMatch(/--count\s+integer\s+Events to emit \(>= 1\) \(default 3\)/);
    expect(r.stdout).toMatch(/--mode\s+fast\|slow\s+Pace \(default "fast"\)/);
    expect(r.stdout).toMatch(/pid\s+integer\s+pid\s+Process id/);
    expect(r.stdout).toMatch(/secret\s+string\s+-\s+Hidden unless asked for \(hidden by default\)/);
  });

  it('--help teaches each command, and run <gadget> --help shows the gadget', async () => {
    for (const args of [['--help'], ['run', '--help'], ['list', '--help'], ['describe', '--help'], ['help', 'run']]) {
      const r = await runCli(args, project.dir);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toMatch(/Usage:/);
    }
    const g = await runCli(['run', 'hello', '--help'], project.dir);
    expect(g.stdout).toMatch(/--count\s+integer/);
    const bare = await runCli([], project.dir);
    expect(bare.code).toBe(2);
  });

  it('version prints runtime, sdk and node versions', async () => {
    const r = await runCli(['version'], project.dir);
    expect(r.stdout).toMatch(/^gadgetry \d+\.\d+\.\d+\nsdk +\d+\.\d+\.\d+\nnode +v\d+/);
  });

  it('run and describe refuse a gadget whose package.json disagrees with its descriptor, in one line, exit 1', async () => {
    const other = tempProject();
    try {
      const root = `${other.dir}/gadgets`;
      other.addPackage('gadget-liar', { gadgetry: { ...helloManifest('liar'), type: 'one-shot' } }, { 'index.js': helloGadgetSource('liar') }, root);
      for (const command of ['run', 'describe']) {
        const r = await runCli([command, 'liar', '--gadget-path', root], project.dir);
        expect(r.code, command).toBe(1);
        expect(r.stdout, command).toBe('');
        expect(r.stderr, command).toBe(
          'error: gadget "liar" (gadget-liar): gadgetry.type in package.json is "one-shot" but the descriptor says "trace"; ' +
            'make them equal (list shows package.json, run uses the descriptor) [MANIFEST_MISMATCH]\n',
        );
      }
    } finally {
      other.remove();
    }
  });

  it('finds gadgets through GADGETRY_PATH and --gadget-path', async () => {
    const other = tempProject();
    try {
      other.addGadget('from_path', { root: `${other.dir}/gadgets` });
      const viaEnv = await runCli(['list'], project.dir, { env: { GADGETRY_PATH: `${other.dir}/gadgets` } });
      expect(viaEnv.stdout).toMatch(/^from_path /m);
      const viaFlag = await runCli(['run', 'from_path', '--gadget-path', `${other.dir}/gadgets`, '--timeout', '0.2', '-o', 'json'], project.dir);
      expect(viaFlag.code).toBe(0);
      expect(viaFlag.stdout.trim().split('\n')).toHaveLength(3);
    } finally {
      other.remove();
    }
  });
});
