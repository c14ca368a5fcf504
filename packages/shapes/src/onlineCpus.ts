import { readFileSync } from 'node:fs';

/** Parses a CPU list such as "0-3,6,8-9" (/sys/devices/system/cpu/online). */
export function parseCpuList(text: string): number[] {
  const out: number[] = [];
  for (const part of text.trim().split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    for (let cpu = from; cpu <= to && out.length < 65536; cpu++) out.push(cpu);
  }
  return out;
}

/** The CPUs online now. */
export function onlineCpus(): number[] {
  try {
    const cpus = parseCpuList(readFileSync('/sys/devices/system/cpu/online', 'latin1'));
    if (cpus.length) return cpus;
  } catch {
    // fall through: no sysfs, assume CPU 0
  }
  return [0];
}
