// --comm and --uid are applied in the kernel, at exit of execve(): they match
// the new image's command name and user, as the event shows them.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { collectEvents } from '@gadgetry/runtime';
import traceExec, { type TraceExecEvent } from './index.js';

const skip = kernelTestGate();
const NOBODY = 65534;
const dir = mkdtempSync(join(tmpdir(), 'trace-exec-filters-'));
chmodSync(dir, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// an exec'd file's name becomes the command name: a link gives /bin/true a name of its own
const name = `te${process.pid % 100000}`;
const named = join(dir, name);
symlinkSync('/bin/true', named);

describe.skipIf(skip)('trace_exec --comm and --uid, in the kernel', () => {
  it('delivers only the execs of that command name run by that user', async () => {
    const pids: Record<string, number> = {};
    const { events, result } = await collectEvents<TraceExecEvent>(traceExec, {
      params: { comm: name, uid: String(NOBODY) },
      timeoutMs: 10_000,
      onStarted: () => {
        pids.asRoot = spawnSync(named, ['root']).pid!;
        pids.plain = spawnSync('/bin/true', ['plain'], { uid: NOBODY, gid: NOBODY }).pid!;
        pids.target = spawnSync(named, ['target'], { uid: NOBODY, gid: NOBODY }).pid!;
        // an exec the filters let through, after the others: once it is seen, they were decided
        pids.last = spawnSync(named, ['last'], { uid: NOBODY, gid: NOBODY }).pid!;
      },
      until: (evs) => evs.some((e) => e.pid === pids.last),
    });
    expect(result.error).toBeUndefined();
    expect(events.map((e) => [e.pid, e.comm, e.uid, e.args[1]])).toEqual([
      [pids.target, name, NOBODY, 'target'],
      [pids.last, name, NOBODY, 'last'],
    ]);
    expect(result.events).toBe(2);
  });
});
