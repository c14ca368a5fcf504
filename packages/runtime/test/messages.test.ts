// The messages a gadget author met, each through the real CLI: a value refused
// in init()/configure(), a param pattern, yaml's key order, a computed field
// never filled, a package never built, a --gadget-path that names nothing.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, tempProject, type TempProject } from './fixtures/tempProject.js';
import { runCli as runCliIn } from './fixtures/runCli.js';

let project: TempProject;
// GADGETRY_STRICT as the test asks, not as the suite runs (CI sets it)
const runCli = (args: string[], env: Record<string, string> = {}) =>
  runCliIn(args, project.dir, { env: { GADGETRY_PATH: project.nodeModules, GADGETRY_STRICT: '', ...env } });

const manifest = (name: string, type = 'trace', entry = './index.js') => ({ gadgetry: { name, entry, sdk: '^0.1.0', description: name, category: 'trace', type } });

/** A gadget that emits `events` (as given, key order included) on start; `init` is the body of its init(ctx). */
function gadget(name: string, event: string, events: unknown[], init = '') {
  return `import { Type, ParamError, defineGadget } from '@gadgetry/sdk';
export default defineGadget({
  name: ${JSON.stringify(name)},
  description: ${JSON.stringify(name)},
  category: 'trace',
  type: 'trace',
  params: Type.Object({
    level: Type.Integer({ default: 2, minimum: 1, description: 'A power of two' }),
    code: Type.String({ default: 'OK', pattern: '^[A-Z][A-Z0-9_]*$', description: 'An upper-case code' }),
  }),
  event: ${event},
  instantiate() {
    let emit = () => {};
    return {
      init(ctx) { ${init} },
      setEventHandlerArray(h) { emit = h; },
      start() { emit(${JSON.stringify(events)}); },
    };
  },
});
`;
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the runtime first`);
  project = tempProject();
  const plain = 'Type.Object({ pid: Type.Integer({ kind: "pid" }), comm: Type.String(), note: Type.String() })';
  const init = 'if ((ctx.params.level & (ctx.params.level - 1)) !== 0) throw new ParamError(`--level ${ctx.params.level} is not a power of two; use Level 2, 4 or 8`);';
  project.addPackage('gadget-picky', manifest('picky'), { 'index.js': gadget('picky', plain, [{ note: 'n', comm: 'c', pid: 1 }], init) });
  const computed = 'Type.Object({ pid: Type.Integer(), label: Type.String({ computed: true, description: "Filled by complete()" }) })';
  project.addPackage('gadget-forgetful', manifest('forgetful'), { 'index.js': gadget('forgetful', computed, [{ pid: 1 }, { pid: 2 }]) });
  project.addPackage('gadget-filled', manifest('filled'), { 'index.js': gadget('filled', 'Type.Object({ pid: Type.Integer() })', [{ pid: 7 }]) });
  project.addPackage(
    'operator-lazy',
    { gadgetry: { kind: 'operator', name: 'lazy', entry: './index.js', sdk: '^0.1.0', description: 'forgets its field', appliesTo: { gadgets: ['filled'] } } },
    {
      'index.js': `import { Type, defineOperator } from '@gadgetry/sdk';
export default defineOperator({
  name: 'lazy', description: 'declares a field it never sets', params: Type.Object({}), canOperateOn: () => true,
  fields: () => [{ name: 'mood', schema: Type.String({ description: 'Never set' }) }],
  instantiate: () => ({ enrichEvent() {} }),
});
`,
    },
  );
  // a package checked out and never built: its entry is under dist/, which does not exist
  project.addPackage('gadget-unbuilt', { ...manifest('unbuilt', 'trace', './dist/index.js'), scripts: { build: 'tsup' } }, { 'index.ts': '// source only' });
  // built, but its entry imports a file of its own build that is gone
  const halfBuilt = project.addPackage('gadget-half-built', { ...manifest('half_built', 'trace', './dist/index.js'), scripts: { build: 'tsup' } });
  mkdirSync(join(halfBuilt, 'dist'));
  writeFileSync(join(halfBuilt, 'dist', 'index.js'), "export { default } from './gadget.js';\n");
});
afterAll(() => project.remove());

describe('messages', () => {
  it('a ParamError thrown in init (where configure() runs) is PARAM_INVALID, exit 2, the message as given', async () => {
    const r = await runCli(['run', 'picky', '--level', '3']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error: --level 3 is not a power of two; use Level 2, 4 or 8 [PARAM_INVALID]\n');
    expect((await runCli(['run', 'picky', '--level', '4', '--timeout', '0.1'])).code).toBe(0);
  });

  it('a param refused by its schema keeps the case of the pattern it quotes', async () => {
    const r = await runCli(['run', 'picky', '--code', 'abc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: invalid value "abc" for --code of gadget "picky": expected string (expected string to match \'^[A-Z][A-Z0-9_]*$\') [PARAM_INVALID]\n');
  });

  it('yaml writes the keys in the schema\'s order, as json does, whatever order the event has', async () => {
    const yaml = await runCli(['run', 'picky', '--timeout', '0.1', '-o', 'yaml']);
    const json = await runCli(['run', 'picky', '--timeout', '0.1', '-o', 'json']);
    expect(Object.keys((parse(yaml.stdout) as object[])[0]!)).toEqual(['pid', 'comm', 'note', 'exe']);
    expect(Object.keys(JSON.parse(json.stdout.trim()) as object)).toEqual(['pid', 'comm', 'note', 'exe']);
  });

  it('a computed field never filled is warned about once and shows empty; strict mode makes it an error', async () => {
    const r = await runCli(['run', 'forgetful', '--timeout', '0.2', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('{"pid":1,"label":null}\n{"pid":2,"label":null}\n');
    const warning = 'warn: computed field "label" of gadget "forgetful" was not set on an event: the gadget\'s code (complete()) sets it on every event; it shows as empty (--strict or GADGETRY_STRICT=1 fail the run instead)';
    expect(r.stderr.split('\n').filter((l) => l.startsWith('warn:'))).toEqual([warning]);
    for (const [args, env] of [[['--strict'], {}], [[], { GADGETRY_STRICT: '1' }]] as const) {
      const strict = await runCli(['run', 'forgetful', '--timeout', '5', ...args], env);
      expect(strict.code, JSON.stringify(env)).toBe(1);
      expect(strict.stderr.trimEnd().split('\n').at(-1)).toBe('error: computed field "label" of gadget "forgetful" was not set on an event: the gadget\'s code (complete()) sets it on every event [FIELD_NOT_FILLED]');
    }
  });

  it('a field an operator declares and never sets is warned about once, and fails a strict run', async () => {
    const r = await runCli(['run', 'filled', '--timeout', '0.2', '-o', 'json', '--fields', 'pid,mood']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('{"pid":7,"mood":null}\n');
    expect(r.stderr).toContain('warn: field "mood", which operator "lazy" declares, was not set on an event of gadget "filled": an operator sets every field it declares on every event (use "" or 0 for none); it shows as empty');
    const strict = await runCli(['run', 'filled', '--timeout', '5'], { GADGETRY_STRICT: '1' });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/^error: field "mood", which operator "lazy" declares, was not set on an event of gadget "filled": .* \[FIELD_NOT_FILLED\]$/m);
  });

  it('a package that was never built says to build it, naming its folder', async () => {
    const dir = join(project.nodeModules, 'gadget-unbuilt');
    for (const command of ['run', 'describe']) {
      const r = await runCli([command, 'unbuilt']);
      expect(r.code, command).toBe(1);
      expect(r.stderr, command).toBe(`error: gadget "unbuilt" (gadget-unbuilt) is not built: dist/index.js does not exist; run npm run build in ${dir} [GADGET_NOT_BUILT]\n`);
    }
    const half = await runCli(['run', 'half_built']);
    expect(half.code).toBe(1);
    expect(half.stderr).toBe(`error: gadget "half_built" (gadget-half-built) is not built: dist/gadget.js does not exist; run npm run build in ${join(project.nodeModules, 'gadget-half-built')} [GADGET_NOT_BUILT]\n`);
  });

  it('a --gadget-path that names nothing is one warning line, for every command', async () => {
    const missing = join(project.dir, 'no-such-folder');
    const line = `warning: gadget path ${missing} (from --gadget-path or GADGETRY_PATH) is not a folder; nothing is found there`;
    for (const args of [['list'], ['describe', 'picky'], ['run', 'picky', '--timeout', '0.1']]) {
      const r = await runCli([...args, '--gadget-path', missing]);
      expect(r.code, args[0]).toBe(0);
      expect(r.stderr.split('\n').filter((l) => l.startsWith('warning:')), args[0]).toEqual([line]);
    }
    const file = join(project.dir, 'package.json');
    const notFolder = await runCli(['list', '--gadget-path', file]);
    expect(notFolder.stderr).toContain(`warning: gadget path ${file} (from --gadget-path or GADGETRY_PATH) is not a folder`);
  });
});
