import { existsSync, readFileSync } from 'node:fs';
import { release } from 'node:os';
import { addon } from './addon.js';
import { BpfError } from './errors.js';

export const TRACEFS = '/sys/kernel/tracing';
export const BPFFS = '/sys/fs/bpf';
export const VMLINUX_BTF = '/sys/kernel/btf/vmlinux';

export interface KernelCheck {
  name: string;
  ok: boolean;
  detail: string;
  /** What to do when not ok. */
  fix?: string;
}

function mountedAt(fstype: string, target: string): boolean {
  try {
    return readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .some((l) => {
        const [, where, type] = l.split(' ');
        return where === target && type === fstype;
      });
  } catch {
    return false;
  }
}

const CAP_SYS_ADMIN = 21n;
const CAP_PERFMON = 38n;
const CAP_BPF = 39n;

function effectiveCaps(): bigint {
  try {
    const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('CapEff:'));
    return line ? BigInt(`0x${line.split(/\s+/)[1]}`) : 0n;
  } catch {
    return 0n;
  }
}

/** True when this process may load BPF programs: CAP_SYS_ADMIN (root), or CAP_BPF with CAP_PERFMON. */
export function privileged(): boolean {
  const caps = effectiveCaps();
  const has = (c: bigint) => (caps & (1n << c)) !== 0n;
  return has(CAP_SYS_ADMIN) || (has(CAP_BPF) && has(CAP_PERFMON));
}

/** A filesystem prepareKernel() mounted; it stays mounted after the run. */
export interface KernelMount {
  /** What users call it: tracefs, bpffs. */
  name: string;
  fstype: string;
  target: string;
}

/** What prepareKernel() changed on the host. */
export interface KernelPreparation {
  /** Filesystems it mounted (none when they were already mounted). */
  mounted: KernelMount[];
}

/** The line a run shows for a filesystem it mounted: the host changed, and stays changed. */
export function describeMount(m: KernelMount): string {
  return `mounted ${m.name} at ${m.target}; it stays mounted`;
}

function ensureMounted(name: string, fstype: string, target: string, mounted: KernelMount[]): void {
  if (mountedAt(fstype, target)) return;
  try {
    addon().mount(fstype, target);
  } catch (err) {
    throw new BpfError('MOUNT_FAILED', `${name} is not mounted at ${target} and mounting it failed (${(err as Error).message}); mount it with: mount -t ${fstype} none ${target}`);
  }
  mounted.push({ name, fstype, target });
}

/**
 * Makes the host ready to load gadgets: checks privileges and BTF, mounts
 * tracefs and bpffs when absent, and lifts the memlock limit. Idempotent:
 * only the call that mounted a filesystem reports it.
 */
export function prepareKernel(): KernelPreparation {
  if (!privileged()) {
    throw new BpfError('PRIVILEGES_MISSING', 'running gadgets needs root (or CAP_BPF, CAP_PERFMON and CAP_SYS_ADMIN); run with sudo');
  }
  if (!existsSync(VMLINUX_BTF)) {
    throw new BpfError('BTF_MISSING', `the kernel exposes no BTF at ${VMLINUX_BTF}; gadgets need a kernel built with CONFIG_DEBUG_INFO_BTF=y`);
  }
  const mounted: KernelMount[] = [];
  ensureMounted('tracefs', 'tracefs', TRACEFS, mounted);
  ensureMounted('bpffs', 'bpf', BPFFS, mounted);
  addon().raiseMemlock();
  return { mounted };
}

/** Every check `gadgetry doctor` shows, without changing the host. */
export function kernelReport(): KernelCheck[] {
  const checks: KernelCheck[] = [];
  checks.push({ name: 'kernel', ok: true, detail: release() });
  const priv = privileged();
  checks.push({
    name: 'privileges',
    ok: priv,
    detail: priv ? 'root or CAP_BPF+CAP_PERFMON' : `uid ${process.getuid?.()} without CAP_BPF/CAP_PERFMON`,
    fix: 'run as root (sudo gadgetry ...)',
  });
  const btf = existsSync(VMLINUX_BTF);
  checks.push({ name: 'BTF', ok: btf, detail: btf ? VMLINUX_BTF : `${VMLINUX_BTF} missing`, fix: 'use a kernel built with CONFIG_DEBUG_INFO_BTF=y' });
  const tracefs = mountedAt('tracefs', TRACEFS);
  for (const [name, fstype, target, mounted] of [
    ['tracefs', 'tracefs', TRACEFS, tracefs],
    ['bpffs', 'bpf', BPFFS, mountedAt('bpf', BPFFS)],
  ] as const) {
    checks.push({
      name,
      ok: mounted || priv,
      detail: mounted ? `mounted at ${target}` : `not mounted; gadgetry mounts it at ${target} when a gadget runs`,
      fix: `mount -t ${fstype} none ${target}`,
    });
  }
  try {
    checks.push({ name: 'libbpf', ok: true, detail: `native addon loaded, libbpf ${addon().libbpfVersion()}` });
  } catch (err) {
    checks.push({ name: 'libbpf', ok: false, detail: (err as Error).message });
  }
  return checks;
}
