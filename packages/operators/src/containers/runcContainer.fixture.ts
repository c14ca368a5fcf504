// For tests: real runc containers (a busybox rootfs built on the spot, no image
// pull) whose state lives under a runc --root of the test's own, so a watcher
// can be aimed at a folder no other test or session touches.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Why a real container cannot be started here, or undefined when it can. */
export function runcUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'containers need root';
  if (spawnSync('runc', ['--version']).status !== 0) return 'runc is not installed (apt-get install runc)';
  if (!existsSync('/bin/busybox')) return 'busybox is not installed (apt-get install busybox-static)';
  return undefined;
}

export interface TestContainer {
  name: string;
  pid: number;
  /** Its mount namespace id: what the watcher is keyed on. */
  mntnsId: number;
  remove(): void;
}

/** Runs `sh -c script` in a new container named `name`, its runc state under `root` (runc creates it). */
export function startContainer(root: string, name: string, script: string): TestContainer {
  const bundle = mkdtempSync(join(tmpdir(), `gadgetry-op-ctr-${name}-`));
  const rootfs = join(bundle, 'rootfs');
  for (const d of ['bin', 'proc', 'sys', 'dev', 'etc', 'tmp']) mkdirSync(join(rootfs, d), { recursive: true });
  copyFileSync('/bin/busybox', join(rootfs, 'bin', 'busybox'));
  for (const applet of ['sh', 'sleep']) symlinkSync('busybox', join(rootfs, 'bin', applet));
  execFileSync('runc', ['spec'], { cwd: bundle });
  const config = JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8')) as { process: { terminal: boolean; args: string[] } };
  config.process.terminal = false;
  config.process.args = ['sh', '-c', script];
  writeFileSync(join(bundle, 'config.json'), JSON.stringify(config));
  const runc = (args: string[]) => execFileSync('runc', ['--root', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const removeAll = () => {
    spawnSync('runc', ['--root', root, 'delete', '--force', name], { stdio: 'ignore' });
    rmSync(bundle, { recursive: true, force: true });
  };
  try {
    // no pipes: the detached container would hold them open, and this call would wait for it
    execFileSync('runc', ['--root', root, 'run', '-d', '--bundle', bundle, name], { stdio: 'ignore' });
    const { pid } = JSON.parse(runc(['state', name])) as { pid: number };
    const mntnsId = Number(/\[(\d+)\]/.exec(readlinkSync(`/proc/${pid}/ns/mnt`))![1]);
    return { name, pid, mntnsId, remove: removeAll };
  } catch (err) {
    removeAll();
    throw err;
  }
}
