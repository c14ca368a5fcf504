import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A loop device over a file of its own, for I/O no other test makes. */
export interface LoopDevice {
  /** /dev/loopN */
  path: string;
  /** loopN: the disk name the kernel gives it */
  name: string;
  /** Its device number, MAJOR:MINOR */
  majorMinor: string;
  /** Writes `blocks` blocks of 4 KiB with O_DIRECT (dd oflag=direct): one request each. Resolves to dd's pid. */
  write(blocks: number): Promise<number>;
  /** Reads `blocks` blocks of 4 KiB with O_DIRECT. Resolves to dd's pid. */
  read(blocks: number): Promise<number>;
  /** Detaches the device and removes its file; safe to call twice. */
  detach(): void;
}

/** dd with direct I/O, its pid printed first so a test can find its rows. */
async function dd(args: string[]): Promise<number> {
  const { stdout } = await run('sh', ['-c', 'echo $$; exec dd "$@" status=none', 'dd', ...args]);
  return Number(stdout.trim().split('\n')[0]);
}

/** Attaches a 16 MiB file in a temp folder to a free loop device (losetup). */
export function loopDevice(): LoopDevice {
  const dir = mkdtempSync(join(tmpdir(), `gadgetry-blockio-${process.pid}-`));
  const file = join(dir, 'disk.img');
  writeFileSync(file, '');
  truncateSync(file, 16 << 20);
  let path: string;
  try {
    path = execFileSync('losetup', ['--find', '--show', file], { encoding: 'utf8' }).trim();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  let attached = true;
  return {
    path,
    name: basename(path),
    majorMinor: readFileSync(`/sys/block/${basename(path)}/dev`, 'utf8').trim(),
    write: (blocks) => dd(['if=/dev/zero', `of=${path}`, 'bs=4096', `count=${blocks}`, 'oflag=direct', 'conv=notrunc']),
    read: (blocks) => dd([`if=${path}`, 'of=/dev/null', 'bs=4096', `count=${blocks}`, 'iflag=direct']),
    detach() {
      if (attached) execFileSync('losetup', ['--detach', path]);
      attached = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
