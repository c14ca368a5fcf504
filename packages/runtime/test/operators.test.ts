// A third-party operator package, written in TypeScript as the guide says:
// the type checker sees its params typed from its schema, and through the real
// CLI the field it adds is listed, shown, filtered and sorted on like the
// gadget's own; an operator that asks to run after the filter is ordered
// there, and its field is refused by --filter with the reason.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, tempProject, type TempProject } from './fixtures/tempProject.js';
import { runCli as runCliIn } from './fixtures/runCli.js';

const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
let project: TempProject;
let operatorDir: string;
const runCli = (args: string[]) => runCliIn(args, project.dir, { env: { GADGETRY_PATH: project.nodeModules } });

// a table of signals sent, as a BPF gadget would report them: the signal as a number
const SIG_TABLE = `import { Type, defineGadget } from '@gadgetry/sdk';
const rows = [[101, 15], [102, 10], [103, 9], [104, 12], [105, 2]];
export default defineGadget({
  name: 'sig_table',
  description: 'signals sent',
  category: 'snapshot',
  type: 'one-shot',
  params: Type.Object({}),
  event: Type.Object({ pid: Type.Integer({ kind: 'pid', width: 7 }), sig: Type.Integer({ kind: 'signal', description: 'Signal' }) }),
  instantiate() {
    let emit = () => {};
    return { init() {}, setEventHandlerArray(h) { emit = h; }, start() { emit(rows.map(([pid, sig]) => ({ pid, sig }))); } };
  },
});
`;

// The third party's operator, in TypeScript. The lines marked as type tests
// compile only while instantiate() receives the params typed from the schema.
const SIGDESC_TS = `import { Type, defineOperator, type OperatorDescriptor } from '@gadgetry/sdk';

const WORDS: Record<number, string> = { 2: 'interrupt from keyboard', 9: 'kill, cannot be caught', 10: 'user-defined signal 1', 12: 'user-defined signal 2', 15: 'termination request' };

const params = Type.Object({
  sigdescStyle: Type.Union([Type.Literal('words'), Type.Literal('upper')], { default: 'words', description: 'How to write the description' }),
  sigdescMax: Type.Integer({ default: 40, minimum: 1, maximum: 200, description: 'Longest description' }),
});

const sigdesc = defineOperator({
  name: 'sigdesc',
  description: 'Describes signal numbers in words',
  params,
  canOperateOn: (d) => Object.values(d.event.properties).some((s) => (s as { kind?: string }).kind === 'signal'),
  fields: () => [{ name: 'signalDesc', after: 'sig', schema: Type.String({ width: 24, description: 'What the signal asks for' }) }],
  instantiate(_ctx, _gadget, p) {
    // type tests: the params are typed from the schema
    const style: 'words' | 'upper' = p.sigdescStyle;
    const max: number = p.sigdescMax;
    // @ts-expect-error there is no such param
    void p.sigdescColour;
    // @ts-expect-error sigdescMax is a number
    const asText: string = p.sigdescMax;
    void asText;
    return {
      enrichEvent(ev) {
        const words = (WORDS[ev.sig as number] ?? 'other').slice(0, max);
        ev.signalDesc = style === 'upper' ? words.toUpperCase() : words;
      },
    };
  },
});

// an enricher too costly for every event: it runs after the filter, on kept events only
const late = defineOperator({
  name: 'late',
  description: 'Adds a costly field to kept events',
  params: Type.Object({}),
  dependencies: ['filter'],
  canOperateOn: () => true,
  fields: () => [{ name: 'costly', schema: Type.Integer({ width: 6, description: 'Costly to compute' }) }],
  instantiate: () => ({ enrichEvent: (ev) => void (ev.costly = 1000 - (ev.pid as number)) }),
});

const operators: OperatorDescriptor[] = [sigdesc, late];
export default operators;
`;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the runtime first`);
  project = tempProject();
  project.addPackage('gadget-sig-table', { gadgetry: { name: 'sig_table', entry: './index.js', sdk: '^0.1.0', description: 'signals sent', category: 'snapshot', type: 'one-shot' } }, { 'index.js': SIG_TABLE });
  operatorDir = project.addPackage(
    '@acme/gadgetry-sigdesc',
    { gadgetry: { kind: 'operator', name: 'sigdesc', entry: './index.js', sdk: '^0.1.0', description: 'Signal descriptions', appliesTo: { kinds: ['signal'] } } },
    {
      'index.ts': SIGDESC_TS,
      'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2023', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, types: [], outDir: '.', rootDir: '.' }, files: ['index.ts'] }),
    },
  );
});
afterAll(() => project.remove());

describe('a third-party operator package', () => {
  it('type-checks with its params typed from its schema, and builds', () => {
    const check = spawnSync(process.execPath, [TSC, '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: operatorDir, encoding: 'utf8' });
    expect(check.stdout + check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect(existsSync(join(operatorDir, 'index.js'))).toBe(true);
    // untyped params would break the type tests above: the checker catches it
    const untyped = join(operatorDir, 'untyped');
    mkdirSync(untyped);
    writeFileSync(join(untyped, 'index.ts'), SIGDESC_TS.replace("from '@gadgetry/sdk';", "from '@gadgetry/sdk';\ndeclare const loose: Record<string, unknown>;").replace('instantiate(_ctx, _gadget, p) {', 'instantiate(_ctx, _gadget) {\n    const p = loose;'));
    writeFileSync(join(untyped, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2023', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, types: [], noEmit: true }, files: ['index.ts'] }));
    const loose = spawnSync(process.execPath, [TSC, '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: untyped, encoding: 'utf8' });
    expect(loose.status).not.toBe(0);
    expect(loose.stdout).toMatch(/index\.ts\(\d+,\d+\): error TS2322: Type 'unknown' is not assignable to type '"words" \| "upper"'/);
  });

  it('is listed among the installed operators, from its manifest', async () => {
    const r = await runCli(['list']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^OPERATOR\s+APPLIES TO\s+VERSION\s+PACKAGE\s+DESCRIPTION$/m);
    expect(r.stdout).toMatch(/^sigdesc\s+kinds signal\s+1\.2\.3\s+@acme\/gadgetry-sigdesc\s+Signal descriptions$/m);
    expect(r.stdout).toMatch(/^builtin\s+all\s+\S+\s+@gadgetry\/operators\s+/m);
    const json = await runCli(['list', '-o', 'json']);
    const rows = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.find((x) => x.operator === 'sigdesc')).toMatchObject({ kind: 'operator', appliesTo: 'kinds signal', package: '@acme/gadgetry-sigdesc' });
    expect(rows.find((x) => x.name === 'sig_table')).toMatchObject({ kind: 'gadget' });
  });

  it('describe shows its typed params, its field and where it runs', async () => {
    const r = await runCli(['describe', 'sig_table']);
    expect(r.stdout).toMatch(/Operator sigdesc \(Describes signal numbers in words\):\n\s+--sigdesc-style\s+words\|upper\s+How to write the description \(default "words"\)\n\s+--sigdesc-max\s+integer\s+Longest description \(1\.\.200\) \(default 40\)/);
    expect(r.stdout).toContain('Operators, in the order they see each event: sigdesc, process, filter, late, sort, limit\n');
    expect(r.stdout).toMatch(/^ {2}signalDesc\s+string\s+-\s+What the signal asks for \(from operator sigdesc\)$/m);
    expect(r.stdout).toMatch(/^ {2}costly\s+integer\s+-\s+Costly to compute \(from operator late\)$/m);
  });

  it('its field shows in columns after the field it names, and --fields picks it', async () => {
    const r = await runCli(['run', 'sig_table', '--sort', 'pid', '--max-rows', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(['    PID SIG       SIGNALDESC               COSTLY', '    101 SIGTERM   termination request         899', '    102 SIGUSR1   user-defined signal 1       898', ''].join('\n'));
  });

  it('--filter and --sort work on its field, through the real CLI', async () => {
    const r = await runCli(['run', 'sig_table', '--filter', 'signalDesc:~^user', '--sort', '-signalDesc', '-o', 'json', '--fields', 'pid,signalDesc']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('{"pid":104,"signalDesc":"user-defined signal 2"}\n{"pid":102,"signalDesc":"user-defined signal 1"}\n');
  });

  it('its typed params arrive converted and checked', async () => {
    const r = await runCli(['run', 'sig_table', '--sigdesc-style', 'upper', '--sigdesc-max', '4', '--filter', 'sig:KILL', '-o', 'json', '--fields', 'signalDesc']);
    expect(r.stdout).toBe('{"signalDesc":"KILL"}\n');
    const bad = await runCli(['run', 'sig_table', '--sigdesc-max', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: invalid value "0" for --sigdesc-max of operator "sigdesc": expected integer (1..200) [PARAM_INVALID]\n');
  });

  it('a field added after the filter sorts but cannot be filtered on, and the refusal says why', async () => {
    const sorted = await runCli(['run', 'sig_table', '--sort', '-costly', '--max-rows', '1', '-o', 'json', '--fields', 'pid,costly']);
    expect(sorted.stdout).toBe('{"pid":101,"costly":899}\n');
    const refused = await runCli(['run', 'sig_table', '--filter', 'costly:>5']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('error: field "costly" cannot be used in --filter "costly:>5": operator "late" adds it after the filter runs; it can be shown and sorted on, not filtered on [PARAM_INVALID]\n');
  });
});
