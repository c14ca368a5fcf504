import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { collectEvents } from '@gadgetry/runtime';
import traceOpen, { type TraceOpenEvent } from './index.js';

const skip = kernelTestGate();
const dir = mkdtempSync(join(tmpdir(), 'trace-open-'));
const existing = join(dir, 'present.txt');
const missing = join(dir, 'absent.txt');
writeFileSync(existing, 'x');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(skip)('trace_open on the running kernel', () => {
  it('reports the fd of an existing file and ENOENT for a missing one', async () => {
    let fd = -1;
    const { events } = await collectEvents<TraceOpenEvent>(traceOpen, {
      params: { pid: String(process.pid) },
      timeoutMs: 10_000,
      onStarted: () => {
        fd = openSync(existing, 'r');
        closeSync(fd);
        try {
          openSync(missing, 'r');
        } catch {
          /* expected: ENOENT */
        }
      },
      until: (evs) => evs.some((e) => e.fname === missing),
    });
    const ok = events.find((e) => e.fname === existing);
    const bad = events.find((e) => e.fname === missing);
    expect(ok).toMatchObject({ pid: process.pid, fd, err: 0, error: '', uid: 0 });
    expect(ok!.flags & 3).toBe(0); // O_RDONLY
    expect(bad).toMatchObject({ pid: process.pid, fd: -1, err: 2, error: 'ENOENT' });
    expect(events.every((e) => e.pid === process.pid)).toBe(true);
  });

  it('with --failed sends only failed opens from the kernel', async () => {
    const { events } = await collectEvents<TraceOpenEvent>(traceOpen, {
      params: { pid: String(process.pid), failed: true },
      timeoutMs: 10_000,
      onStarted: () => {
        closeSync(openSync(existing, 'r'));
        try {
          openSync(missing, 'r');
        } catch {
          /* expected */
        }
      },
      until: (evs) => evs.some((e) => e.fname === missing),
    });
    expect(events.find((e) => e.fname === missing)?.error).toBe('ENOENT');
    expect(events.filter((e) => e.fname === existing)).toEqual([]);
    expect(events.every((e) => e.fd === -1)).toBe(true);
  });
});

describe.skipIf(skip)('trace_open when the ring buffer overflows', () => {
  it('counts the lost events and tells the user to raise --buffer-kb', async () => {
    const attempts = 20_000;
    const { events, logs } = await collectEvents<TraceOpenEvent>(traceOpen, {
      params: { pid: String(process.pid), failed: 'true', 'buffer-kb': '4' },
      timeoutMs: 10_000,
      onStarted: () => {
        // a loop that never yields: the reader cannot drain until it ends
        for (let i = 0; i < attempts; i++) {
          try {
            openSync(missing, 'r');
          } catch {
            /* ENOENT */
          }
        }
      },
      until: () => true,
    });
    const lost = logs.map((l) => /^warn: (\d+) events lost: the ring buffer was full; raise --buffer-kb$/.exec(l)).filter(Boolean);
    expect(lost.length).toBeGreaterThan(0);
    const lostCount = lost.reduce((n, m) => n + Number(m![1]), 0);
    const seen = events.filter((e) => e.fname === missing).length;
    expect(seen).toBeLessThan(attempts);
    expect(seen + lostCount).toBe(attempts);
  });

  it('rejects a ring buffer size that is not a power of two', async () => {
    const { result } = await collectEvents(traceOpen, { params: { 'buffer-kb': '100' } });
    expect(result.error?.code).toBe('PARAM_INVALID');
    expect(result.error?.message).toMatch(/invalid value 100 for --buffer-kb: expected a power of two/);
  });
});
