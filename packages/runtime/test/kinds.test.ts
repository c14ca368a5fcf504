// Every formatting kind through the real CLI: a pure-JavaScript gadget emits
// raw values as a BPF gadget would (numbers, a 16-byte address), and the
// outputs show them readably, keep them raw as <field>Raw, and filter and
// sort on both. The kernel-side kinds (timestamps, errno of real gadgets)
// are checked against the kernel in packages/e2e/test/kinds.test.ts.
import { existsSync } from 'node:fs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, tempProject, type TempProject } from './fixtures/tempProject.js';
import { runCli as runCliIn } from './fixtures/runCli.js';

let project: TempProject;
const runCli = (args: string[]) => runCliIn(args, project.dir, { env: { GADGETRY_PATH: project.nodeModules } });

const v4 = (a: number, b: number, c: number, d: number) => [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, a, b, c, d];
// Two rows: the first a failed TCP connect, the second a UDP send over IPv6.
const ROWS = [
  { ts: 1_000_000_000, took: 1_234_567, size: 4096, err: 111, sig: 15, cap: 10, nr: 257, addr: v4(127, 0, 0, 1), port: 8080, proto: 6, family: 2, state: 1, flags: 0o1101, mode: 0o100644, mflags: 3, reason: 3, odd: 7 },
  { ts: 2_000_000_000, took: 850, size: 10, err: 0, sig: 34, cap: 21, nr: 0, addr: [...Array(15).fill(0), 1], port: 53, proto: 17, family: 10, state: 10, flags: 0, mode: 0o755, mflags: 0, reason: 2, odd: 8 },
];

const GADGET = `import { Type, defineGadget } from '@gadgetry/sdk';
const rows = ${JSON.stringify(ROWS)};
export default defineGadget({
  name: 'kinds_demo',
  description: 'one field of every kind',
  category: 'trace',
  type: 'one-shot',
  params: Type.Object({}),
  event: Type.Object({
    ts: Type.Integer({ kind: 'timestamp' }),
    took: Type.Integer({ kind: 'duration' }),
    size: Type.Integer({ kind: 'bytes' }),
    err: Type.Integer({ kind: 'errno' }),
    sig: Type.Integer({ kind: 'signal' }),
    cap: Type.Integer({ kind: 'capability' }),
    nr: Type.Integer({ kind: 'syscall' }),
    addr: Type.Array(Type.Integer(), { kind: 'ip' }),
    port: Type.Integer({ kind: 'port' }),
    proto: Type.Integer({ kind: 'ip_proto' }),
    family: Type.Integer({ kind: 'address_family' }),
    state: Type.Integer({ kind: 'tcp_state' }),
    flags: Type.Integer({ kind: 'open_flags' }),
    mode: Type.Integer({ kind: 'file_mode' }),
    mflags: Type.Integer({ kind: 'mount_flags' }),
    reason: Type.Integer({ kind: 'drop_reason' }),
    odd: Type.Integer({ kind: 'made_up_kind', colour: 'teal', width: 4 }),
  }),
  instantiate() {
    let emit = () => {};
    return { init() {}, setEventHandlerArray(h) { emit = h; }, start() { emit(rows.map((r) => ({ ...r }))); } };
  },
});
`;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the runtime first`);
  project = tempProject();
  project.addPackage('gadget-kinds-demo', { gadgetry: { name: 'kinds_demo', entry: './index.js', sdk: '^0.1.0', description: 'one field of every kind', category: 'trace', type: 'one-shot' } }, { 'index.js': GADGET });
});
afterAll(() => project.remove());

const SYSCALL_257 = process.arch === 'arm64' ? '257' : 'openat';
const SYSCALL_0 = process.arch === 'arm64' ? 'io_setup' : 'read';

describe('kinds through gadgetry run', () => {
  it('columns show each kind readably, in a column wide enough for it', async () => {
    const fields = 'took,size,err,sig,cap,nr,addr,port,proto,family,state,flags,mode,mflags,reason,odd';
    const r = await runCli(['run', 'kinds_demo', '--fields', fields]);
    expect(r.code, r.stderr).toBe(0);
    const [header, first, second] = r.stdout.split('\n');
    expect(header!.trim().split(/\s+/)).toEqual(['TOOK', 'SIZE', 'ERR', 'SIG', 'CAP', 'NR', 'ADDR', 'PORT', 'PROTO', 'FAMILY', 'STATE', 'FLAGS', 'MODE', 'MFLAGS', 'REASON', 'ODD']);
    expect(first!.trim().split(/\s+/)).toEqual(['1.2ms', '4.0', 'KiB', 'ECONNREFUSED', 'SIGTERM', 'CAP_NET_BIND_SERVICE', SYSCALL_257, '127.0.0.1', '8080', 'TCP', 'INET', 'ESTABLISHED', 'O_WRONLY|O_CREAT|O_TRUNC', '-rw-r--r--', 'MS_RDONLY|MS_NOSUID', 'NO_SOCKET', '7']);
    expect(second!.trim().split(/\s+/)).toEqual(['850ns', '10', 'B', 'SIGRT_2', 'CAP_SYS_ADMIN', SYSCALL_0, '::1', '53', 'UDP', 'INET6', 'LISTEN', 'O_RDONLY', '0755', 'NOT_SPECIFIED', '8']); // MFLAGS 0: no flags, blank
    // nothing is cut: no cell ends in an ellipsis
    expect(r.stdout).not.toContain('…');
  });

  it('json writes the readable form under the field\'s name and the raw value under <field>Raw; unknown kinds pass through', async () => {
    const r = await runCli(['run', 'kinds_demo', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const [first] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first).toMatchObject({
      took: '1.2ms', tookRaw: 1_234_567, size: '4.0 KiB', sizeRaw: 4096, err: 'ECONNREFUSED', errRaw: 111, sig: 'SIGTERM', sigRaw: 15,
      cap: 'CAP_NET_BIND_SERVICE', capRaw: 10, addr: '127.0.0.1', addrRaw: ROWS[0]!.addr, port: 8080, proto: 'TCP', protoRaw: 6,
      family: 'INET', familyRaw: 2, state: 'ESTABLISHED', stateRaw: 1, flags: 'O_WRONLY|O_CREAT|O_TRUNC', flagsRaw: 0o1101,
      mode: '-rw-r--r--', modeRaw: 0o100644, mflags: 'MS_RDONLY|MS_NOSUID', mflagsRaw: 3, reason: 'NO_SOCKET', reasonRaw: 3, odd: 7,
    });
    expect(first!.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    expect(first!.tsRaw).toBe(1_000_000_000);
    expect(Object.keys(first!)).not.toContain('portRaw');
    expect(Object.keys(first!)).not.toContain('oddRaw');
    // every raw twin sits right after its readable field
    const keys = Object.keys(first!);
    for (const k of keys.filter((k) => k.endsWith('Raw'))) expect(keys[keys.indexOf(k) - 1]).toBe(k.slice(0, -3));
  });

  it('yaml writes what json writes, in the same order', async () => {
    const json = await runCli(['run', 'kinds_demo', '-o', 'json']);
    const yaml = await runCli(['run', 'kinds_demo', '-o', 'yaml']);
    const fromJson = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const fromYaml = parse(yaml.stdout) as Record<string, unknown>[];
    // each run measures the boot clock's offset itself: the raw values are equal, the readable
    // forms agree to within the few ms a loaded machine can delay one of those measurements
    const withoutTs = (e: Record<string, unknown>) => ({ ...e, ts: undefined });
    expect(fromYaml.map(withoutTs)).toEqual(fromJson.map(withoutTs));
    fromYaml.forEach((e, i) => expect(Math.abs(Date.parse(e.ts as string) - Date.parse(fromJson[i]!.ts as string))).toBeLessThanOrEqual(20));
    expect(fromYaml.map((e) => Object.keys(e))).toEqual(fromJson.map((e) => Object.keys(e)));
  });

  it('--timestamp-format picks how the timestamp column reads, and its width fits it', async () => {
    const time = await runCli(['run', 'kinds_demo', '--fields', 'ts,port']);
    expect(time.stdout.split('\n')[1]).toMatch(/^\d\d:\d\d:\d\d\.\d{6}\s+8080$/);
    const rfc = await runCli(['run', 'kinds_demo', '--fields', 'ts,port', '--timestamp-format', 'rfc3339']);
    expect(rfc.stdout.split('\n')[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z\s+8080$/);
    const raw = await runCli(['run', 'kinds_demo', '--fields', 'ts,port', '--timestamp-format', 'raw']);
    expect(raw.stdout.split('\n')[1]).toMatch(/^1000000000\s+8080$/);
    const bad = await runCli(['run', 'kinds_demo', '--timestamp-format', 'iso']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: invalid --timestamp-format "iso": expected one of time, rfc3339, raw [USAGE]\n');
  });

  it('--filter takes a name or the raw number of a kind, patterns on what a column shows, and units', async () => {
    const pick = async (filter: string) => {
      const r = await runCli(['run', 'kinds_demo', '--filter', filter, '--fields', 'odd', '-o', 'json']);
      expect(r.code, `${filter}: ${r.stderr}`).toBe(0);
      return r.stdout.trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { odd: number }).odd);
    };
    expect(await pick('err:ECONNREFUSED')).toEqual([7]);
    expect(await pick('err:111')).toEqual([7]);
    expect(await pick('errRaw:111')).toEqual([7]);
    expect(await pick('sig:TERM')).toEqual([7]);
    expect(await pick('proto:udp')).toEqual([8]);
    expect(await pick('addr:::1')).toEqual([8]);
    expect(await pick('flags:~O_CREAT')).toEqual([7]);
    expect(await pick('took:>1ms')).toEqual([7]);
    expect(await pick('size:<1KiB')).toEqual([8]);
    expect(await pick('reason:NO_SOCKET')).toEqual([7]);
    const bad = await runCli(['run', 'kinds_demo', '--filter', 'took:>soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: field "took" (kind duration) cannot be compared with "soon" in --filter "took:>soon"; give a duration, e.g. 1.5ms, 250us, 2s, or a number of ns [PARAM_INVALID]\n');
  });

  it('--sort orders a kind by its raw value: -ts newest first, err by number', async () => {
    const order = async (sort: string) => (await runCli(['run', 'kinds_demo', '--sort', sort, '--fields', 'odd', '-o', 'json'])).stdout.trim().split('\n').map((l) => (JSON.parse(l) as { odd: number }).odd);
    expect(await order('-ts')).toEqual([8, 7]);
    expect(await order('ts')).toEqual([7, 8]);
    expect(await order('err')).toEqual([8, 7]);
    expect(await order('-tsRaw')).toEqual([8, 7]);
  });

  it('describe lists each readable field, its raw twin and its kind', async () => {
    const r = await runCli(['describe', 'kinds_demo']);
    expect(r.stdout).toMatch(/^ {2}err\s+string\s+errno\s+\(readable; raw value in errRaw\)$/m);
    expect(r.stdout).toMatch(/^ {2}errRaw\s+integer\s+errno\s+\(raw value\)|^ {2}errRaw\s+integer\s+errno\s+\(hidden by default\)$/m);
    expect(r.stdout).toMatch(/^ {2}odd\s+integer\s+made_up_kind$/m);
    expect(r.stdout).toMatch(/^ {2}port\s+integer\s+port$/m);
  });
});
