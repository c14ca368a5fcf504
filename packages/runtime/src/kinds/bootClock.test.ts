// The offset from boot time to wall-clock time, against Python's own reading
// of CLOCK_REALTIME and CLOCK_BOOTTIME (clock_gettime(2)).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bootClockOffset, bootMinusMonotonicNs } from './bootClock.js';

const dir = mkdtempSync(join(tmpdir(), 'boot-clock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** CLOCK_REALTIME - CLOCK_BOOTTIME as clock_gettime gives them, read back to back. */
function kernelOffset(): bigint {
  const out = execFileSync('python3', ['-c', 'import time\nb=time.clock_gettime_ns(time.CLOCK_BOOTTIME)\nr=time.clock_gettime_ns(time.CLOCK_REALTIME)\nprint(r-b)'], { encoding: 'utf8' });
  return BigInt(out.trim());
}

describe('bootClockOffset', () => {
  it('is CLOCK_REALTIME - CLOCK_BOOTTIME to within a millisecond', () => {
    const ours = bootClockOffset()();
    const theirs = kernelOffset();
    const diff = ours > theirs ? ours - theirs : theirs - ours;
    expect(Number(diff) / 1e6).toBeLessThan(1);
  });

  it('is measured once and then read from memory', () => {
    const offset = bootClockOffset();
    const first = offset();
    for (let i = 0; i < 1000; i++) expect(offset()).toBe(first);
  });

  it('takes the suspended time as 0 when /proc/uptime cannot be read', () => {
    expect(bootMinusMonotonicNs(join(dir, 'missing'))).toBe(0n);
    const frozen = join(dir, 'uptime');
    writeFileSync(frozen, '12.34 5.67\n');
    expect(bootMinusMonotonicNs(frozen)).toBe(0n); // it never ticks: gives up after its spin limit
  });
});
