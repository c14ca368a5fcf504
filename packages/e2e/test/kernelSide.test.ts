import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, tempProject, type TempProject } from '../../runtime/test/fixtures/tempProject.js';
import { runCli } from '../../runtime/test/fixtures/runCli.js';
import { ROOT } from './fixtures/workspace.js';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));
const TRACE_EXEC_OBJECT = join(packageDir('@gadgetry/gadget-trace_exec'), 'dist/program.bpf.o');

function kernelUnavailable(): string | undefined {
  let reason: string | undefined;
  if (process.getuid?.() !== 0) reason = 'loading BPF needs root';
  else if (!existsSync('/sys/kernel/btf/vmlinux')) reason = 'the kernel exposes no BTF';
  else if (!existsSync(TRACE_EXEC_OBJECT)) reason = `${TRACE_EXEC_OBJECT} is missing: build the gadgets first`;
  if (reason && process.env.GADGETRY_STRICT === '1') throw new Error(`${reason}, and GADGETRY_STRICT=1 forbids skipping the kernel-side CLI tests`);
  return reason;
}
const skip = kernelUnavailable();

/** A gadget package whose program.bpf.o is damaged: a trace gadget built on eventSourceGadget. */
function corruptGadgetSource(name: string): string {
  return `import { fileURLToPath } from 'node:url';
import { Type, defineGadget } from '@gadgetry/sdk';
import { eventSourceGadget } from '@gadgetry/shapes';
const event = Type.Object({ pid: Type.Integer({ kind: 'pid', description: 'Process id' }) });
export default defineGadget({
  name: ${JSON.stringify(name)},
  description: 'damaged',
  category: 'trace',
  type: 'trace',
  params: Type.Object({}),
  event,
  instantiate: () => eventSourceGadget({ object: fileURLToPath(new URL('./program.bpf.o', import.meta.url)), struct: 'event', schema: event }),
});
`;
}

describe.skipIf(skip)('gadgetry run with a damaged BPF object', () => {
  let project: TempProject;
  let gadgets: string;
  beforeAll(() => {
    project = tempProject();
    // what a gadget package built on the shapes finds installed beside it
    for (const name of ['@gadgetry/native-bpf', '@gadgetry/shapes']) symlinkSync(packageDir(name), join(project.nodeModules, name));
    gadgets = join(project.dir, 'gadgets');
    mkdirSync(gadgets);
    const objects: Record<string, Buffer> = {
      random_bytes: randomBytes(4096),
      truncated: readFileSync(TRACE_EXEC_OBJECT).subarray(0, 3000),
    };
    for (const [name, bytes] of Object.entries(objects)) {
      project.addPackage(
        `gadget-${name}`,
        { gadgetry: { name, entry: './index.js', sdk: '^0.1.0', description: 'damaged', category: 'trace', type: 'trace' } },
        { 'index.js': corruptGadgetSource(name) },
        gadgets,
      );
      writeFileSync(join(gadgets, `gadget-${name}`, 'program.bpf.o'), bytes);
    }
  });
  afterAll(() => project?.remove());

  for (const name of ['random_bytes', 'truncated']) {
    it(`${name}: one line in libbpf's words, exit 1; -v adds libbpf's log`, async () => {
      const object = join(gadgets, `gadget-${name}`, 'program.bpf.o');
      const r = await runCli(['run', name, '--gadget-path', gadgets, '--timeout', '5'], project.dir);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `error: gadget "${name}" failed in start: cannot open BPF object ${object}: BPF object format invalid (libbpf error 4001); ` +
          'the file is not a valid BPF object (corrupt or truncated); rebuild the gadget or reinstall its package [BPF_OPEN_FAILED] (-v shows details)\n',
      );

      const v = await runCli(['run', name, '--gadget-path', gadgets, '--timeout', '5', '-v'], project.dir);
      expect(v.code).toBe(1);
      const lines = v.stderr.trimEnd().split('\n');
      const at = lines.findIndex((l) => l.startsWith('error: '));
      expect(lines[at]).toMatch(/^error: gadget ".*" failed in start: cannot open BPF object .*: BPF object format invalid \(libbpf error 4001\); .* \[BPF_OPEN_FAILED\]$/);
      expect(lines.slice(at + 1).join('\n')).toMatch(/^ {2}libbpf: elf: /);
      expect(v.stderr).not.toMatch(/Unknown error|\n\s+at /);
    });
  }
});

describe.skipIf(skip)('gadgetry run and its own process', () => {
  /** trace_open through the CLI while another process opens `marker`; the events, and the CLI's pid. */
  async function traceOpen(extra: string[]) {
    const marker = join(ROOT, 'package.json');
    const child = spawn(process.execPath, [CLI, 'run', 'trace_open', '--timeout', '2.5', '-o', 'json', ...extra], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // another process's opens make the process enricher read /proc: opens by the CLI itself
    const poke = setInterval(() => spawn('cat', [marker]).on('error', () => {}), 300);
    const code = await new Promise<number | null>((r) => child.on('close', r));
    clearInterval(poke);
    const events = stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { pid: number; fname: string });
    return { code, stderr, events, cli: child.pid!, marker };
  }

  it('leaves out its own opens (its /proc reads) by default', async () => {
    const r = await traceOpen([]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.events.some((e) => e.fname === r.marker)).toBe(true);
    expect(r.events.filter((e) => e.pid === r.cli)).toEqual([]);
  });

  it('--trace-self shows them', async () => {
    const r = await traceOpen(['--trace-self']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.events.some((e) => e.pid === r.cli && e.fname.startsWith('/proc/'))).toBe(true);
    const bad = await runCli(['run', 'trace_open', '--trace-self=maybe'], ROOT);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: invalid --trace-self "maybe": expected true or false [USAGE]\n');
  });
});

describe.skipIf(skip)('gadgetry run on a host without tracefs and bpffs', () => {
  it('mounts them and says so once; a later run finds them mounted and says nothing', async () => {
    // A private mount namespace: the host's own mounts are not touched.
    const script = `
      umount -l /sys/kernel/tracing 2>/dev/null; umount -l /sys/fs/bpf 2>/dev/null
      if grep -qE ' /sys/kernel/tracing | /sys/fs/bpf ' /proc/self/mounts; then echo 'still mounted' >&2; exit 99; fi
      "${process.execPath}" "${CLI}" run trace_exec --timeout 0.5 -o json >/dev/null; echo "exit $?" >&2
      echo '--- again' >&2
      "${process.execPath}" "${CLI}" run trace_exec --timeout 0.5 -o json >/dev/null; echo "exit $?" >&2`;
    const r = await new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], { cwd: ROOT });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => done({ code, stderr }));
    });
    expect(r.code, r.stderr).toBe(0);
    // each run also ends with its summary object
    const summaries = r.stderr.split('\n').filter((l) => l.startsWith('{"summary":{"gadget":"trace_exec",'));
    expect(summaries).toHaveLength(2);
    expect(r.stderr.split('\n').filter((l) => !summaries.includes(l)).join('\n')).toBe(
      'mounted tracefs at /sys/kernel/tracing; it stays mounted\nmounted bpffs at /sys/fs/bpf; it stays mounted\nexit 0\n--- again\nexit 0\n',
    );
  });
});
