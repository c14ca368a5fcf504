// A real OOM kill: a busybox dd that wants a 64 MiB buffer, in a runc
// container limited to 32 MiB of memory; the kernel kills it, and the event
// names it, its container, its memory and the process that set the killer off.
import { readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kernelTestGate, simulateKernel } from '@gadgetry/native-bpf';
import builtinOperators from '@gadgetry/operators';
import { collectEvents } from '@gadgetry/runtime';
import { runcUnavailable, startRuncContainer, type RuncContainer } from '../../../packages/e2e/test/fixtures/runcContainer.js';
import traceOomkill, { type TraceOomkillEvent } from './index.js';

const skip = kernelTestGate() ?? runcUnavailable();
if (!kernelTestGate() && skip && process.env.GADGETRY_STRICT === '1') throw new Error(`${skip}, and GADGETRY_STRICT=1 forbids skipping the OOM tests`);

const LIMIT = 32 << 20;
const BUFFER = 64 << 20;

const containers: RuncContainer[] = [];
afterEach(() => {
  for (const c of containers.splice(0)) c.remove();
});

/**
 * A container (32 MiB at most) whose shell, once /go exists in its root,
 * runs dd with a 64 MiB buffer (killed), then sleeps: it stays to be looked at.
 */
function hogContainer(name: string) {
  const script = `while [ ! -e /go ]; do sleep 0.05; done; dd if=/dev/zero of=/dev/null bs=${BUFFER} count=1; sleep 30`;
  const c = startRuncContainer(name, script, { applets: ['dd'], memoryLimit: LIMIT });
  containers.push(c);
  const mntnsId = Number(/\[(\d+)\]/.exec(readlinkSync(`/proc/${c.pid}/ns/mnt`))![1]);
  return { ...c, mntnsId, go: () => writeFileSync(join(c.bundle, 'rootfs', 'go'), '') };
}

describe.skipIf(skip)('trace_oomkill with a real OOM kill in a runc container', () => {
  it('reports the victim, its memory and its container, kept by --containername in the kernel', async () => {
    const ctr = hogContainer(`oom-${process.pid}`);
    const { events, result } = await collectEvents<TraceOomkillEvent & { container: string }>(traceOomkill, {
      operators: builtinOperators,
      params: { containername: ctr.name },
      timeoutMs: 20_000,
      onStarted: ctr.go,
      until: (evs) => evs.length > 0,
    });
    expect(result.error).toBeUndefined();
    expect(events).toHaveLength(1);
    const ev = events[0]!;
    expect(ev).toMatchObject({
      comm: 'dd',
      ppid: ctr.pid, // the container's shell ran it
      uid: 0,
      mntnsId: ctr.mntnsId,
      container: ctr.name,
      triggerComm: 'dd', // its own allocation hit the limit
      triggerPid: ev.pid,
      fromTask: true,
    });
    expect(ev.pid).not.toBe(ctr.pid);
    expect(ev.tid).toBe(ev.pid);
    expect(ev.totalVm).toBeGreaterThanOrEqual(BUFFER);
    expect(ev.anonRss).toBeGreaterThan(LIMIT / 2);
    expect(ev.anonRss).toBeLessThanOrEqual(LIMIT);
    expect(ev.pgtables).toBeGreaterThan(0);
  });

  it('where the BTF tracepoint is missing, reports the victim from the plain tracepoint, and says what is lost', async () => {
    const restore = simulateKernel({ missingHooks: ['tp_btf/mark_victim'] });
    try {
      const ctr = hogContainer(`oomtp-${process.pid}`);
      const { events, logs, result } = await collectEvents<TraceOomkillEvent>(traceOomkill, {
        params: { comm: 'dd' },
        timeoutMs: 20_000,
        onStarted: ctr.go,
        until: (evs) => evs.some((e) => e.triggerComm === 'dd'),
      });
      expect(result.error).toBeUndefined();
      expect(logs.filter((l) => l.includes('is not traced'))).toEqual([
        "warn: trace_oomkill: the victim's task (container, parent, gid) is not traced: BTF tracepoint mark_victim does not exist on this kernel (added in 6.8)",
      ]);
      const ev = events.find((e) => e.triggerComm === 'dd')!;
      expect(ev).toMatchObject({ comm: 'dd', uid: 0, fromTask: false, mntnsId: 0, ppid: 0 });
      expect(ev.tid).toBe(ev.pid);
      expect(ev.totalVm).toBeGreaterThanOrEqual(BUFFER);
      expect(ev.anonRss).toBeGreaterThan(LIMIT / 2);
      expect(ev.anonRss).toBeLessThanOrEqual(LIMIT);
    } finally {
      restore();
    }
  });
});
