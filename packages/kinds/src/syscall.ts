import type { KindContext } from './KindFormat.js';
import { namedValues } from './namedValues.js';
import { SYSCALLS_ARM64 } from './syscalls/arm64.js';
import { SYSCALLS_X86_64 } from './syscalls/x86_64.js';

/** The architecture names used here, from uname -m or Node's process.arch. */
export function archName(arch: string | undefined): string | undefined {
  if (arch === 'x64' || arch === 'x86_64' || arch === 'amd64') return 'x86_64';
  if (arch === 'arm64' || arch === 'aarch64') return 'arm64';
  return arch;
}

const TABLES: Record<string, ReadonlyMap<number, string>> = { x86_64: SYSCALLS_X86_64, arm64: SYSCALLS_ARM64 };

/** The syscall table of an architecture; undefined for one without a table here. */
export function syscallNames(arch: string | undefined): ReadonlyMap<number, string> | undefined {
  const name = archName(arch);
  return name === undefined ? undefined : TABLES[name];
}

/** syscall: a syscall number of the events' architecture as its name (257 -> openat on x86_64). */
export const syscallKind = namedValues({
  names: (ctx: KindContext) => syscallNames(ctx.arch),
  prefix: 'SYS_',
  example: 'a name or number, e.g. openat or 257',
});
