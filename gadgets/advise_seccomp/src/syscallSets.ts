import type { BpfMap } from '@gadgetry/native-bpf';

/** SYSCALL_WORDS in advise_seccomp.h. */
const WORDS = 16;

/** The syscall numbers set in one struct syscall_set. */
export function syscallsIn(value: Buffer): number[] {
  const out: number[] = [];
  for (let w = 0; w < WORDS; w++) {
    const lo = value.readUInt32LE(w * 8);
    const hi = value.readUInt32LE(w * 8 + 4);
    for (let b = 0; b < 32; b++) {
      if (lo & (1 << b)) out.push(w * 64 + b);
      if (hi & (1 << b)) out.push(w * 64 + 32 + b);
    }
  }
  return out.sort((a, b) => a - b);
}

/** The map syscalls_used read whole: mount namespace id -> syscall numbers entered in it. */
export function syscallSets(map: BpfMap): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const [key, value] of map.entries()) out.set(Number(key.readBigUInt64LE(0)), syscallsIn(value));
  return out;
}
