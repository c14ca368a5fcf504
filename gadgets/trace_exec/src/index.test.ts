import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { collectEvents } from '@gadgetry/runtime';
import traceExec, { type TraceExecEvent } from './index.js';

const skip = kernelTestGate();

describe.skipIf(skip)('trace_exec on the running kernel', () => {
  it('reports /bin/true a b c with its argv, parent and return value', async () => {
    let child = -1;
    const { events, result } = await collectEvents<TraceExecEvent>(traceExec, {
      timeoutMs: 10_000,
      onStarted: () => {
        child = spawnSync('/bin/true', ['a', 'b', 'c']).pid!;
      },
      until: (evs) => evs.some((e) => e.pid === child),
    });
    expect(result.error).toBeUndefined();
    const ev = events.find((e) => e.pid === child);
    expect(ev).toBeDefined();
    expect(ev).toMatchObject({ ppid: process.pid, retval: 0, comm: 'true', uid: 0, args: ['/bin/true', 'a', 'b', 'c'] });
    expect(ev!.mntnsId).toBeGreaterThan(0);
    expect(ev!.timestamp).toBeGreaterThan(0);
  });

  it('hides failed execs by default and shows them with --failed', async () => {
    const attempt = () =>
      new Promise<number>((resolve) => {
        const c = spawn('/nonexistent/tool', ['x']);
        c.on('error', () => resolve(c.pid ?? -1));
      });
    const marker = spawnSync.bind(null, '/bin/echo', ['marker']);
    let echoPid = -1;
    const hidden = await collectEvents<TraceExecEvent>(traceExec, {
      timeoutMs: 10_000,
      onStarted: async () => {
        await attempt();
        echoPid = marker().pid!;
      },
      until: (evs) => evs.some((e) => e.pid === echoPid),
    });
    expect(hidden.events.filter((e) => e.retval !== 0 && e.ppid === process.pid)).toEqual([]);

    const shown = await collectEvents<TraceExecEvent>(traceExec, {
      params: { failed: 'true' },
      timeoutMs: 10_000,
      onStarted: () => attempt(),
      until: (evs) => evs.some((e) => e.retval === -2 && e.args[0] === '/nonexistent/tool'),
    });
    const failed = shown.events.find((e) => e.args[0] === '/nonexistent/tool');
    expect(failed).toMatchObject({ retval: -2, args: ['/nonexistent/tool', 'x'] });
  });
});
