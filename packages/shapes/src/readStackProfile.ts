import type { Collection } from '@gadgetry/native-bpf';
import type { ProfileFrame, ProfileStack, StackProfile } from '@gadgetry/sdk';
import { StackSymbolizer } from '@gadgetry/symbols';

/** The maps of <gadgetry/stack_profile.h>. */
export const STACK_MAP = 'gadget_stacks';
export const STACK_COUNTS_MAP = 'gadget_stack_counts';
export const STACK_UNCOUNTED_MAP = 'gadget_stack_uncounted';

/** bpf_get_stackid's -EFAULT: there was no stack of that kind (a kernel thread has no user stack). */
const NO_STACK = -14;
/** struct gadget_stack_key: pid, user_stack_id, kernel_stack_id, _pad, comm[16]. */
const KEY_SIZE = 32;

/** The frame shown where the kernel could not store a stack (its table was full, or ids collided). */
export const LOST_STACK: ProfileFrame = { name: '[stack lost]' };

/** What reading the counts found, beyond the stacks. */
export interface StackReadCounts {
  /** Samples that found the count table full (never in any stack). */
  uncounted: number;
  /** Stacks the kernel could not store, user and kernel. */
  lostUserStacks: number;
  lostKernelStacks: number;
}

function comm(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.toString('utf8', 0, end < 0 ? bytes.length : end);
}

/**
 * Reads the stacks a run counted (<gadgetry/stack_profile.h>) and symbolizes
 * them: root first, user frames then the kernel frames above them. Stacks
 * that symbolize alike in the same process are added together.
 */
export function readStackProfile(collection: Collection, unit: string, symbolizer = new StackSymbolizer()): { profile: StackProfile; read: StackReadCounts } {
  const counts = collection.map(STACK_COUNTS_MAP);
  const stacks = collection.map(STACK_MAP);
  if (counts.keySize !== KEY_SIZE) throw new Error(`${STACK_COUNTS_MAP} has ${counts.keySize}-byte keys; <gadgetry/stack_profile.h> has ${KEY_SIZE}`);
  const addresses = new Map<number, bigint[]>();
  const stackAt = (id: number): bigint[] | undefined => {
    let known = addresses.get(id);
    if (known) return known;
    const key = Buffer.alloc(4);
    key.writeUInt32LE(id);
    const value = stacks.lookup(key);
    if (!value) return undefined;
    known = [];
    for (let at = 0; at + 8 <= value.length; at += 8) {
      const ip = value.readBigUInt64LE(at);
      if (ip === 0n) break;
      known.push(ip);
    }
    addresses.set(id, known);
    return known;
  };
  const read: StackReadCounts = { uncounted: collection.map(STACK_UNCOUNTED_MAP).sumPerCpuU64(Buffer.alloc(4)), lostUserStacks: 0, lostKernelStacks: 0 };
  const merged = new Map<string, ProfileStack>();
  let total = read.uncounted;
  for (const [key, value] of counts.entries()) {
    const count = Number(value.readBigUInt64LE(0));
    if (count === 0) continue;
    total += count;
    const pid = key.readUInt32LE(0);
    const userId = key.readInt32LE(4);
    const kernelId = key.readInt32LE(8);
    const frames: ProfileFrame[] = [];
    if (userId !== NO_STACK) {
      const ips = userId >= 0 ? stackAt(userId) : undefined;
      if (ips) frames.push(...symbolizer.user(pid, ips).reverse());
      else {
        read.lostUserStacks += count;
        frames.push(LOST_STACK);
      }
    }
    if (kernelId !== NO_STACK) {
      const ips = kernelId >= 0 ? stackAt(kernelId) : undefined;
      if (ips) frames.push(...symbolizer.kernel(ips).reverse());
      else {
        read.lostKernelStacks += count;
        frames.push({ ...LOST_STACK, kernel: true });
      }
    }
    const name = comm(key.subarray(16, 32));
    const id = `${pid}\0${name}\0${frames.map((f) => `${f.kernel ? 'k' : 'u'}${f.name}\u0001${f.module ?? ''}`).join('\0')}`;
    const same = merged.get(id);
    if (same) same.count += count;
    else merged.set(id, { pid, comm: name, count, frames });
  }
  const sorted = [...merged.values()].sort((a, b) => b.count - a.count || a.pid - b.pid);
  const c = symbolizer.counts;
  const profile: StackProfile = {
    type: 'stack-profile',
    unit,
    total,
    stacks: sorted,
    unattributed: {
      unknownFrames: c.unknown,
      exitedProcessFrames: c.exited,
      unknownKernelFrames: c.kernelUnknown,
      unreadableFiles: c.unreadableFiles,
      lostUserStacks: read.lostUserStacks,
      lostKernelStacks: read.lostKernelStacks,
      uncountedSamples: read.uncounted,
    },
  };
  return { profile, read };
}
