// A real OOM kill: a busybox dd that wants a 64 MiB buffer, in a runc
// container limited to 32 MiB of memory; the kernel kills it, and the event
// names it, its container, its memory and the process that set the killer off.
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
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

/** A stopped child of `parent` (state T in /proc/PID/stat), waited for (bounded). */
async function stoppedChild(parent: number): Promise<number> {
  for (let i = 0; i < 100; i++) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue; // gone meanwhile
      }
      // "pid (comm) state ppid ...": the comm may hold spaces, the rest comes after its last ')'
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'T' && Number(ppid) === parent) return Number(entry);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no stopped child of ${parent} appeared`);
}

/**
 * A container (32 MiB at most) whose shell starts a child that stops itself;
 * once continued (go), the child becomes dd with a 64 MiB buffer and is
 * killed. Its host pid is known before it runs, and the shell stays.
 */
async function hogContainer(name: string) {
  const script = `sh -c 'kill -STOP $$; exec dd if=/dev/zero of=/dev/null bs=${BUFFER} count=1' & wait; sleep 30`;
  const c = startRuncContainer(name, script, { applets: ['dd'], memoryLimit: LIMIT });
  containers.push(c);
  const mntnsId = Number(/\[(\d+)\]/.exec(readlinkSync(`/proc/${c.pid}/ns/mnt`))![1]);
  const victim = await stoppedChild(c.pid);
  return { ...c, mntnsId, victim, go: () => void process.kill(victim, 'SIGCONT') };
}

describe.skipIf(skip)('trace_oomkill with a real OOM kill in a runc container', () => {
  it('reports the victim, its memory and its container, kept by --containername in the kernel', async () => {
    const ctr = await hogContainer(`oom-${process.pid}`);
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
      pid: ctr.victim,
      tid: ctr.victim,
      comm: 'dd',
      ppid: ctr.pid, // the container's shell ran it
      uid: 0,
      mntnsId: ctr.mntnsId,
      container: ctr.name,
      triggerComm: 'dd', // its own allocation hit the limit
      triggerPid: ctr.victim,
      fromTask: true,
    });
    expect(ev.totalVm).toBeGreaterThanOrEqual(BUFFER);
    expect(ev.anonRss).toBeGreaterThan(LIMIT / 2);
    expect(ev.anonRss).toBeLessThanOrEqual(LIMIT);
    expect(ev.pgtables).toBeGreaterThan(0);
  });

  it('reports each kill once: the plain tracepoint only stands in when the BTF one is missing', async () => {
    const ctr = await hogContainer(`oom1-${process.pid}`);
    const { events, result } = await collectEvents<TraceOomkillEvent & { container: string }>(traceOomkill, {
      operators: builtinOperators,
      timeoutMs: 20_000,
      onStarted: async () => {
        ctr.go();
        // the shell outlives dd: once it alone is left, the kill has been reported
        for (let i = 0; i < 100 && existsSync(`/proc/${ctr.victim}`); i++) await new Promise((r) => setTimeout(r, 20));
      },
      until: (evs) => evs.some((e) => e.pid === ctr.victim),
    });
    expect(result.error).toBeUndefined();
    expect(events.filter((e) => e.pid === ctr.victim)).toMatchObject([{ comm: 'dd', container: ctr.name, fromTask: true }]);
  });

  it('where the BTF tracepoint is missing, reports the victim from the plain tracepoint, and says what is lost', async () => {
    const restore = simulateKernel({ missingHooks: ['tp_btf/mark_victim'] });
    try {
      const ctr = await hogContainer(`oomtp-${process.pid}`);
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
      expect(ev).toMatchObject({ pid: ctr.victim, tid: ctr.victim, comm: 'dd', uid: 0, triggerPid: ctr.victim, fromTask: false, mntnsId: 0, ppid: 0 });
      expect(ev.totalVm).toBeGreaterThanOrEqual(BUFFER);
      expect(ev.anonRss).toBeGreaterThan(LIMIT / 2);
      expect(ev.anonRss).toBeLessThanOrEqual(LIMIT);
    } finally {
      restore();
    }
  });
});
