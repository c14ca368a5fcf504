import { readFileSync } from 'node:fs';

const UPTIME = '/proc/uptime';
/** How long one measurement may spin: /proc/uptime ticks every 10 ms, Date.now() every 1 ms. */
const SPIN_LIMIT_NS = 30_000_000n;
/** How often the offset is measured again (the wall clock may be stepped or slewed, the machine suspended). */
export const BOOT_CLOCK_REFRESH_MS = 60_000;

const mono = () => process.hrtime.bigint();

/** CLOCK_BOOTTIME in centiseconds, as /proc/uptime gives it; undefined when it cannot be read. */
function uptimeCentis(path: string): bigint | undefined {
  try {
    const first = readFileSync(path, 'latin1').split(' ')[0]!;
    const m = /^(\d+)\.(\d{2})$/.exec(first);
    return m ? BigInt(m[1]!) * 100n + BigInt(m[2]!) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Spins until `read` changes, and returns its new value with the monotonic
 * time it changed at (the middle of the last two reads): the moment a coarse
 * clock ticks is known to within a read's duration, a few microseconds.
 */
function atTick<T>(read: () => T | undefined): { value: T; at: bigint } | undefined {
  const first = read();
  if (first === undefined) return undefined;
  const deadline = mono() + SPIN_LIMIT_NS;
  let before = mono();
  for (;;) {
    const value = read();
    const after = mono();
    if (value === undefined) return undefined;
    if (value !== first) return { value, at: (before + after) / 2n };
    if (after > deadline) return undefined;
    before = after;
  }
}

/** CLOCK_BOOTTIME - CLOCK_MONOTONIC in ns: the time the machine spent suspended (0 when /proc/uptime cannot be read). */
export function bootMinusMonotonicNs(path = UPTIME): bigint {
  const tick = atTick(() => uptimeCentis(path));
  return tick ? tick.value * 10_000_000n - tick.at : 0n;
}

/** CLOCK_REALTIME - CLOCK_MONOTONIC in ns, from the moment Date.now() ticks. */
export function realMinusMonotonicNs(): bigint {
  const tick = atTick(() => Date.now());
  if (tick) return BigInt(tick.value) * 1_000_000n - tick.at;
  return BigInt(Math.round(performance.timeOrigin * 1e6)) - (mono() - BigInt(Math.round(performance.now() * 1e6)));
}

/**
 * CLOCK_REALTIME - CLOCK_BOOTTIME in ns: what turns a BPF timestamp
 * (bpf_ktime_get_boot_ns) into wall-clock time. Node.js reads neither clock
 * directly, so both are measured against CLOCK_MONOTONIC at the tick of a
 * coarse clock that shows them (/proc/uptime, Date.now()), which bounds the
 * error to microseconds. Measured on first use and again every minute; the
 * spin costs at most a few milliseconds once a minute.
 */
export function bootClockOffset(uptimePath = UPTIME): () => bigint {
  let offset: bigint | undefined;
  let measuredAt = 0;
  return () => {
    const now = performance.now();
    if (offset === undefined || now - measuredAt > BOOT_CLOCK_REFRESH_MS) {
      offset = realMinusMonotonicNs() - bootMinusMonotonicNs(uptimePath);
      measuredAt = now;
    }
    return offset;
  };
}
