import { existsSync } from 'node:fs';
import { VMLINUX_BTF } from './kernelSetup.js';

/**
 * For test suites that need the kernel: returns why they cannot run here
 * (not root, no BTF), or undefined when they can. Under GADGETRY_STRICT=1
 * (CI) a reason is an error, so kernel tests cannot silently skip.
 */
export function kernelTestGate(): string | undefined {
  let reason: string | undefined;
  if (process.getuid?.() !== 0) reason = 'kernel tests need root';
  else if (!existsSync(VMLINUX_BTF)) reason = `kernel tests need BTF at ${VMLINUX_BTF}`;
  if (reason && process.env.GADGETRY_STRICT === '1') {
    throw new Error(`${reason}, and GADGETRY_STRICT=1 forbids skipping them`);
  }
  return reason;
}
