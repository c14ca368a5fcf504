import type { KindContext } from './KindFormat.js';
import { flagSet, flagTable, type FlagName } from './flagSet.js';
import { namesByIndex, words } from './namedValues.js';
import { archName } from './syscall.js';

// include/uapi/asm-generic/fcntl.h; arm64 moves four of them (arch/arm64/include/uapi/asm/fcntl.h).
const O_DSYNC = 0o10000;
const O_DIRECTORY_X86 = 0o200000;
const O_DIRECTORY_ARM64 = 0o40000;
const SYNC_BIT = 0o4000000;
const TMPFILE_BIT = 0o20000000;

function flagsFor(directory: number, noFollow: number, direct: number, largeFile: number): FlagName[] {
  // composite names first: each needs all of its bits
  return flagTable(`
    O_SYNC ${SYNC_BIT | O_DSYNC}
    O_TMPFILE ${TMPFILE_BIT | directory}
    O_CREAT ${0o100}
    O_EXCL ${0o200}
    O_NOCTTY ${0o400}
    O_TRUNC ${0o1000}
    O_APPEND ${0o2000}
    O_NONBLOCK ${0o4000}
    O_DSYNC ${O_DSYNC}
    O_ASYNC ${0o20000}
    O_DIRECT ${direct}
    O_LARGEFILE ${largeFile}
    O_DIRECTORY ${directory}
    O_NOFOLLOW ${noFollow}
    O_NOATIME ${0o1000000}
    O_CLOEXEC ${0o2000000}
    O_PATH ${0o10000000}
  `);
}

const X86_64 = flagsFor(O_DIRECTORY_X86, 0o400000, 0o40000, 0o100000);
const ARM64 = flagsFor(O_DIRECTORY_ARM64, 0o100000, 0o200000, 0o400000);

/** The open(2) flag names of an architecture (x86_64's for one without a table here). */
export const openFlagNames = (ctx: KindContext): readonly FlagName[] => (archName(ctx.arch) === 'arm64' ? ARM64 : X86_64);

/** open_flags: open(2) flags as O_WRONLY|O_CREAT|O_CLOEXEC (the access mode first). */
export const openFlagsKind = flagSet({
  flags: openFlagNames,
  lead: { mask: 0o3, names: namesByIndex(words(`O_RDONLY O_WRONLY O_RDWR`)) },
  zero: `O_RDONLY`,
  width: 24,
  example: 'names joined by |, e.g. O_WRONLY|O_CREAT, or a number (a pattern matches one: flags:~O_CREAT)',
});
