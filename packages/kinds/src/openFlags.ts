import type { KindContext } from './KindFormat.js';
import { flagSet, type FlagName } from './flagSet.js';
import { archName } from './syscall.js';

// include/uapi/asm-generic/fcntl.h; arm64 moves four of them (arch/arm64/include/uapi/asm/fcntl.h).
const O_DSYNC = 0o10000;
const O_DIRECTORY_X86 = 0o200000;
const O_DIRECTORY_ARM64 = 0o40000;
const SYNC_BIT = 0o4000000;
const TMPFILE_BIT = 0o20000000;

function flagsFor(directory: number, noFollow: number, direct: number, largeFile: number): FlagName[] {
  return [
    // composite names first: each needs all of its bits
    { name: 'O_SYNC', bits: SYNC_BIT | O_DSYNC },
    { name: 'O_TMPFILE', bits: TMPFILE_BIT | directory },
    { name: 'O_CREAT', bits: 0o100 },
    { name: 'O_EXCL', bits: 0o200 },
    { name: 'O_NOCTTY', bits: 0o400 },
    { name: 'O_TRUNC', bits: 0o1000 },
    { name: 'O_APPEND', bits: 0o2000 },
    { name: 'O_NONBLOCK', bits: 0o4000 },
    { name: 'O_DSYNC', bits: O_DSYNC },
    { name: 'O_ASYNC', bits: 0o20000 },
    { name: 'O_DIRECT', bits: direct },
    { name: 'O_LARGEFILE', bits: largeFile },
    { name: 'O_DIRECTORY', bits: directory },
    { name: 'O_NOFOLLOW', bits: noFollow },
    { name: 'O_NOATIME', bits: 0o1000000 },
    { name: 'O_CLOEXEC', bits: 0o2000000 },
    { name: 'O_PATH', bits: 0o10000000 },
  ];
}

const X86_64 = flagsFor(O_DIRECTORY_X86, 0o400000, 0o40000, 0o100000);
const ARM64 = flagsFor(O_DIRECTORY_ARM64, 0o100000, 0o200000, 0o400000);

/** The open(2) flag names of an architecture (x86_64's for one without a table here). */
export const openFlagNames = (ctx: KindContext): readonly FlagName[] => (archName(ctx.arch) === 'arm64' ? ARM64 : X86_64);

/** open_flags: open(2) flags as O_WRONLY|O_CREAT|O_CLOEXEC (the access mode first). */
export const openFlagsKind = flagSet({
  flags: openFlagNames,
  lead: { mask: 0o3, names: new Map([[0, 'O_RDONLY'], [1, 'O_WRONLY'], [2, 'O_RDWR']]) },
  zero: 'O_RDONLY',
  width: 24,
  example: 'names joined by |, e.g. O_WRONLY|O_CREAT, or a number (a pattern matches one: flags:~O_CREAT)',
});
