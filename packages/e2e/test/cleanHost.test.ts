// The globally installed command on a host without libbpf, clang or a C
// compiler: a chroot holding only the Node binary, the packages `npm i -g
// gadgetry` installed from a real registry, and the shared libraries ldd
// names for node and the addon, with /proc and /sys bind-mounted in a mount
// namespace of its own.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { releasedRegistry, runUntilStarted, sh, type Released } from './fixtures/releasedRegistry.js';

const skip = kernelTestGate();
let reg: Released;
let root: string;
let addonFile: string;

beforeAll(async () => {
  if (skip) return;
  reg = await releasedRegistry('clean-host');
  const empty = join(reg.work, 'install');
  mkdirSync(empty);
  sh('npm', ['install', '-g', 'gadgetry'], empty, reg.env);
}, 240_000);

afterAll(async () => {
  if (!reg) return;
  // the bind mounts lived in the test's own mount namespace; make sure before removing the tree
  const leaked = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => l.includes(reg.work));
  if (leaked.length) throw new Error(`mounts left under ${reg.work}: ${leaked.join('; ')}`);
  await reg.stop();
});

/** The absolute paths of the shared libraries ldd says a binary loads (the dynamic loader included). */
function sharedLibraries(binary: string): string[] {
  const out = execFileSync('ldd', [binary], { encoding: 'utf8' });
  return [...out.matchAll(/(?:=>\s+)?(\/\S+)\s+\(0x/g)].map((m) => m[1] ?? '').filter(Boolean);
}

function copyInto(file: string) {
  const target = join(root, file);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(realpathSync(file), target);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile());
}

describe.skipIf(skip)('gadgetry on a host with no libbpf, clang or compiler', () => {
  it('the chroot holds node, the global packages and ldd\'s libraries only, and libbpf is not one of them', () => {
    root = join(reg.work, 'clean-root');
    const installed = join(reg.prefix, 'lib', 'node_modules');
    cpSync(installed, join(root, 'usr/local/lib/node_modules'), { recursive: true, verbatimSymlinks: true });
    mkdirSync(join(root, 'usr/local/bin'), { recursive: true });
    copyFileSync(realpathSync(process.execPath), join(root, 'usr/local/bin/node'));
    addonFile = join(root, 'usr/local/lib/node_modules/gadgetry/node_modules/@gadgetry/native-bpf/prebuilds', `linux-${process.arch}`, 'gadgetry_bpf.node');
    const nodeLibs = sharedLibraries(process.execPath);
    const addonLibs = sharedLibraries(addonFile);
    for (const lib of new Set([...nodeLibs, ...addonLibs])) copyInto(lib);
    for (const d of ['proc', 'sys', 'tmp']) mkdirSync(join(root, d), { recursive: true });

    console.log(`clean host: node needs ${nodeLibs.join(', ')}; the addon needs ${addonLibs.join(', ')}`);
    expect(addonLibs.map((l) => l.split('/').pop()).every((l) => /^(libc\.so\.6|libm\.so\.6|ld-linux-[\w-]+\.so\.\d)$/.test(l!))).toBe(true);
    const everything = filesUnder(root);
    expect(everything.filter((f) => /(^|\/)(libbpf|libelf|libz)\.so|(^|\/)(clang|gcc|g\+\+|cc|cc1|ld|pkg-config)(-[\d.]+)?$/.test(f))).toEqual([]);
    expect(readdirSync(root).sort()).toEqual([...new Set(['proc', 'sys', 'tmp', 'usr', ...[...nodeLibs, ...addonLibs].map((l) => relative('/', l).split('/')[0]!)])].sort());
  });

  it('gadgetry list and gadgetry run trace_exec work there', async () => {
    const inChroot = (args: string[]) => [
      '--mount', '--propagation', 'private', 'sh', '-c',
      'mount --rbind /proc "$0/proc" && mount --rbind /sys "$0/sys" && exec chroot "$0" /usr/local/bin/node /usr/local/lib/node_modules/gadgetry/bin/gadgetry.js "$@"',
      root, ...args,
    ];
    // the host's mount and chroot start it; inside, only /usr/local/bin exists
    const env = { PATH: '/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/tmp' };
    const list = spawnSync('unshare', inChroot(['list']), { encoding: 'utf8', env });
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^trace_exec\s+trace\s+trace\s/m);

    const tag = `clean-host-${process.pid}`;
    const r = await runUntilStarted('unshare', inChroot(['run', 'trace_exec', '--timeout', '3', '-o', 'json', '-v']), {
      cwd: reg.work, env, gadget: 'trace_exec', act: () => spawnSync('/bin/true', [tag]),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.events.find((e) => (e.args as string[])?.includes(tag))).toMatchObject({ comm: 'true', retval: 0 });
  }, 60_000);
});
