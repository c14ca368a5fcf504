import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { collectEvents } from '@gadgetry/runtime';
import traceCapabilities, { type TraceCapabilitiesEvent } from './index.js';

const skip = kernelTestGate();
const NOBODY = 65534;
const CAP_NET_BIND_SERVICE = 10;
const EPERM = 1;
const SYS_BIND = { x64: 49, arm64: 200 }[process.arch as 'x64' | 'arm64'];
/** A privileged port (below 1024) of this test run; binding it needs CAP_NET_BIND_SERVICE whether or not it is free. */
const PORT = 600 + (process.pid % 400);

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** A process, as `uid`, that binds 127.0.0.1:PORT `times` times when told to, then exits. */
async function binder(times: number, uid?: number) {
  const script = `const net = require('net');
    process.stdin.once('data', async () => {
      for (let i = 0; i < ${times}; i++) {
        const s = net.createServer();
        await new Promise((r) => { s.once('error', r); s.listen(${PORT}, '127.0.0.1', () => s.close(r)); });
      }
      process.exit(0);
    });
    process.stdout.write('ready\\n');`;
  const child = spawn(process.execPath, ['-e', script], { uid, gid: uid, cwd: '/', stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise((ready) => child.stdout!.once('data', ready));
  const exited = new Promise((r) => child.once('exit', r));
  return { pid: child.pid!, go: async () => (child.stdin!.write('go\n'), await exited) };
}

/** The CAP_NET_BIND_SERVICE checks trace_capabilities reports with `params` for binders of `uid`s, once they exited. */
async function bindChecks(params: Record<string, string>, binders: { times: number; uid?: number }[]) {
  const started = await Promise.all(binders.map((b) => binder(b.times, b.uid)));
  let exited = false;
  const { events, result } = await collectEvents<TraceCapabilitiesEvent>(traceCapabilities, {
    params: { ...params, pid: started.map((b) => b.pid).join(',') },
    timeoutMs: 10_000,
    onStarted: async () => {
      await Promise.all(started.map((b) => b.go()));
      exited = true;
    },
    until: () => exited, // stopping delivers what the ring buffer still holds
  });
  expect(result.error).toBeUndefined();
  const of = (i: number) => events.filter((e) => e.pid === started[i]!.pid && e.cap === CAP_NET_BIND_SERVICE);
  return { of, events, result };
}

describe.skipIf(skip)('trace_capabilities on the running kernel', () => {
  it('reports binding a privileged port as denied for nobody and allowed for root, in bind()', async () => {
    const { of } = await bindChecks({}, [{ times: 3, uid: NOBODY }, { times: 1 }]);
    const denied = of(0);
    expect(denied).toHaveLength(3);
    for (const e of denied) expect(e).toMatchObject({ uid: NOBODY, cap: CAP_NET_BIND_SERVICE, syscall: SYS_BIND, err: EPERM, verdict: 'denied' });
    expect(of(1)).toMatchObject([{ uid: 0, cap: CAP_NET_BIND_SERVICE, syscall: SYS_BIND, err: 0, verdict: 'allowed' }]);
    expect(denied[0]!.targetUserns).toBeGreaterThan(0);
  });

  it('--unique reports each process, capability and verdict once, deduplicated in the kernel', async () => {
    const { of, events, result } = await bindChecks({ unique: 'true' }, [{ times: 5, uid: NOBODY }, { times: 3 }]);
    expect(of(0).map((e) => e.verdict)).toEqual(['denied']);
    expect(of(1).map((e) => e.verdict)).toEqual(['allowed']);
    // every (process, capability, verdict) at most once, and nothing dropped on the way
    const keys = events.map((e) => `${e.pid}/${e.cap}/${e.verdict}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(result.events).toBe(events.length);
  });

  it('--denied keeps only the checks that failed, in the kernel', async () => {
    const { of, events } = await bindChecks({ denied: 'true' }, [{ times: 2, uid: NOBODY }, { times: 2 }]);
    expect(of(0)).toHaveLength(2);
    expect(of(1)).toEqual([]);
    expect(events.every((e) => e.verdict === 'denied')).toBe(true);
  });
});
