import { archName, syscallNames } from '@gadgetry/kinds';

/** libseccomp's name of each architecture the syscall tables here cover. */
const SCMP_ARCH: Record<string, string> = { x86_64: 'SCMP_ARCH_X86_64', arm64: 'SCMP_ARCH_AARCH64' };
const EPERM = 1;

/** An OCI runtime-spec seccomp profile (config.json's linux.seccomp). */
export interface SeccompProfile {
  defaultAction: 'SCMP_ACT_ERRNO';
  defaultErrnoRet: number;
  architectures: string[];
  syscalls: { names: string[]; action: 'SCMP_ACT_ALLOW' }[];
}

export interface ProfileOutcome {
  profile: SeccompProfile;
  /** Numbers that were used but have no name in the table (too new for it): they stay denied. */
  unnamed: number[];
}

/**
 * The profile that allows exactly `used` (syscall numbers of `arch`) and
 * denies everything else with EPERM. Only the native ABI of `arch` is
 * listed: calls through another ABI (32-bit x86) are refused.
 */
export function seccompProfile(used: Iterable<number>, arch: string = process.arch): ProfileOutcome {
  const name = archName(arch) ?? arch;
  const table = syscallNames(name);
  const scmp = SCMP_ARCH[name];
  if (!table || !scmp) throw new Error(`advise_seccomp has no syscall table for architecture ${name}`);
  const names = new Set<string>();
  const unnamed: number[] = [];
  for (const n of used) {
    const s = table.get(n);
    if (s) names.add(s);
    else unnamed.push(n);
  }
  return {
    profile: {
      defaultAction: 'SCMP_ACT_ERRNO',
      defaultErrnoRet: EPERM,
      architectures: [scmp],
      syscalls: names.size ? [{ names: [...names].sort(), action: 'SCMP_ACT_ALLOW' }] : [],
    },
    unnamed: unnamed.sort((a, b) => a - b),
  };
}
