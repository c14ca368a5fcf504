import { release } from 'node:os';
import { BpfError } from './errors.js';

/** The running kernel's version, from uname's release ("6.18.44-fc-v595"). */
export interface KernelVersion {
  major: number;
  minor: number;
  patch: number;
  /** The release string as uname gives it. */
  release: string;
}

const VERSION = /^(\d{1,4})\.(\d{1,4})(?:\.(\d{1,6}))?/;

/** [major, minor, patch] of a version such as "5.6", "6.1.0-17-amd64"; undefined when it is not one. */
export function parseKernelVersion(text: string): [number, number, number] | undefined {
  const m = VERSION.exec(text);
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

/** The running kernel's version; 0.0.0 when its release string cannot be read as one. */
export function kernelVersion(): KernelVersion {
  const text = release();
  const [major, minor, patch] = parseKernelVersion(text) ?? [0, 0, 0];
  return { major, minor, patch, release: text };
}

/** Negative, zero or positive as version `a` is older than, the same as, or newer than `b`. */
export function compareVersions(a: [number, number, number], b: [number, number, number]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** True when the running kernel is `min` ("5.8") or newer. */
export function kernelAtLeast(min: string): boolean {
  const want = parseKernelVersion(min);
  if (!want) throw new TypeError(`a minimum kernel version looks like "5.8" or "5.10.2", got ${JSON.stringify(min).slice(0, 40)}`);
  const k = kernelVersion();
  return compareVersions([k.major, k.minor, k.patch], want) >= 0;
}

/**
 * Refuses, before anything is loaded, to run `who` (a gadget) on a kernel
 * older than `min`: one line naming both versions.
 */
export function requireKernel(min: string, who: string): void {
  if (kernelAtLeast(min)) return;
  throw new BpfError('KERNEL_TOO_OLD', `${who} needs Linux ${min} or newer; this kernel is ${kernelVersion().release}`);
}
