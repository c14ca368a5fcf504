import { readFileSync } from 'node:fs';

const UPTIME = '/proc/uptime';
/** How long one measurement may spin: /proc/uptime ticks every 10 ms, Date.now() every 1 ms. */
const SPIN_LIMIT_NS = 40_000_000n;
/** Ticks of each coarse clock watched per measurement: the sharpest one is used. */
const TICKS = 3;
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
 * Spins until `read` has changed `ticks` times, and returns the value after the
 * tick seen most sharply, with the monotonic time it changed at: between the
 * start of the last read that saw the old value and the end of the first that
 * saw the new one, whose middle is taken. A coarse clock's tick is so known to
 * within a read's duration (microseconds), unless the thread was preempted;
 * of several ticks, the narrowest window wins.
 */
function atTick<T>(read: () => T | undefined, ticks: number): { value: T; at: bigint } | undefined {
  let startOld = mono();
  let last = read();
  if (last === undefined) return undefined;
  const deadline = mono() + SPIN_LIMIT_NS;
  let best: { value: T; at: bigint; width: bigint } | undefined;
  for (let seen = 0; seen < ticks; ) {
    const start = mono();
    const value = read();
    const end = mono();
    if (value === undefined) return undefined;
    if (value !== last) {
      seen++;
      const width = end - startOld;
      if (!best || width < best.width) best = { value, at: (startOld + end) / 2n, width };
      last = value;
    }
    startOld = start;
    if (end > deadline) break;
  }
  return best;
}

/** CLOCK_BOOTTIME - CLOCK_MONOTONIC in ns: the time the machine spent suspended (0 when /proc/uptime cannot be read). */
export function bootMinusMonotonicNs(path = UPTIME): bigint {
  const tick = atTick(() => uptimeCentis(path), TICKS);
  return tick ? tick.value * 10_000_000n - tick.at : 0n;
}

/** CLOCK_REALTIME - CLOCK_MONOTONIC in ns, from the moment Date.now() ticks. */
export function realMinusMonotonicNs(): bigint {
  const tick = atTick(() => Date.now(), TICKS);
  if (tick) return BigInt(tick.value) * 1_000_000n - tick.at;
  return BigInt(Math.round(performance.timeOrigin * 1e6)) - (mono() - BigInt(Math.round(performance.now() * 1e6)));
}

/**
 * CLOCK_REALTIME - CLOCK_BOOTTIME in ns: what turns a BPF timestamp
 * (bpf_ktime_get_boot_ns) into wall-clock time. Node.js reads neither clock
 * directly, so both are measured against CLOCK_MONOTONIC at the tick of a
 * coarse clock that shows them (/proc/uptime, Date.now()), which bounds the
 * error to tens of microseconds. Measured on first use and again every
 * minute; each measurement spins for about 30 ms (three ticks of /proc/uptime).
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
