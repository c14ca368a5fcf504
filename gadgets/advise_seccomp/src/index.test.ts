import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { syscallNames } from '@gadgetry/kinds';
import { collectEvents } from '@gadgetry/runtime';
import adviseSeccomp, { type SeccompProfile } from './index.js';

const skip = kernelTestGate();
const known = new Set(syscallNames(process.arch)!.values());

/** A bash that waits for a line, then makes a few syscalls of its builtins and exits. */
function waitingShell() {
  // read: read(); kill -0: kill(); ulimit -n: prlimit64(); exec 3<: openat()
  const child = spawn('bash', ['-c', 'read line; kill -0 $$; ulimit -n >/dev/null; exec 3</etc/hostname; exit 0'], { stdio: ['pipe', 'ignore', 'ignore'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return { pid: child.pid!, go: () => child.stdin.write('go\n'), exited };
}

describe.skipIf(skip)('advise_seccomp on the running kernel', () => {
  it('--pid: an OCI profile allowing the syscalls that process made and no other process\'s', async () => {
    const shell = waitingShell();
    const { result } = await collectEvents(adviseSeccomp, {
      params: { pid: String(shell.pid) },
      timeoutMs: 10_000,
      onStarted: async () => {
        spawnSync('sync'); // another process: sync() must not be in the profile
        shell.go();
        await shell.exited;
      },
      until: () => true,
    });
    expect(result.error).toBeUndefined();
    const profile = result.result as SeccompProfile;
    expect(profile.defaultAction).toBe('SCMP_ACT_ERRNO');
    expect(profile.defaultErrnoRet).toBe(1);
    expect(profile.architectures).toEqual([process.arch === 'arm64' ? 'SCMP_ARCH_AARCH64' : 'SCMP_ARCH_X86_64']);
    expect(profile.syscalls).toHaveLength(1);
    const { names, action } = profile.syscalls[0]!;
    expect(action).toBe('SCMP_ACT_ALLOW');
    expect(names).toEqual(expect.arrayContaining(['read', 'kill', 'prlimit64', 'openat', 'exit_group']));
    expect(names).not.toContain('sync');
    expect(names.every((n) => known.has(n))).toBe(true);
    expect([...names].sort()).toEqual(names);
  });

  it('without a filter it covers the host, and says so', async () => {
    const { result, logs } = await collectEvents(adviseSeccomp, {
      timeoutMs: 10_000,
      onStarted: () => void spawnSync('sync'),
      until: () => true,
    });
    expect(result.error).toBeUndefined();
    expect((result.result as SeccompProfile).syscalls[0]!.names).toContain('sync');
    expect(logs).toContain('warn: neither --containername nor --pid/--comm given: the profile covers every process on the host');
  });
});
