import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Type, defineGadget } from '@gadgetry/sdk';
import { collectEvents } from '@gadgetry/runtime';
import builtin from '@gadgetry/operators';
import operator from './index.js';

// A gadget written for the test: no kernel needed, one event per pid given.
const pids = [process.pid, process.ppid];
const gadget = defineGadget({
  name: 'pids',
  description: 'one event per pid',
  category: 'snapshot',
  type: 'one-shot',
  params: Type.Object({}),
  event: Type.Object({ pid: Type.Integer({ kind: 'pid' }) }),
  instantiate() {
    let emit: (events: { pid: number }[]) => void = () => {};
    return { init() {}, setEventHandlerArray: (h) => void (emit = h), start: () => emit(pids.map((pid) => ({ pid }))) };
  },
});
const own = readFileSync('/proc/self/cgroup', 'utf8').split('\n').find((l) => l.startsWith('0::'))!.slice(3);

describe('__NAME__', () => {
  it('adds the cgroup of each event\'s process, and the runtime\'s filter and sort use it', async () => {
    const { events, result } = await collectEvents<{ pid: number; cgroup: string }>(gadget, {
      operators: [operator, ...builtin],
      params: { filter: `cgroup:${own}`, sort: '-pid' },
    });
    expect(result.error).toBeUndefined();
    expect(events.find((e) => e.pid === process.pid)).toMatchObject({ cgroup: own });
    expect(events.every((e) => e.cgroup === own)).toBe(true);
  });

  it('takes typed params, and refuses what the schema cannot say with a ParamError', async () => {
    const last = await collectEvents<{ pid: number; cgroup: string }>(gadget, { operators: [operator], params: { cgroupLevels: '1' } });
    expect(last.events.find((e) => e.pid === process.pid)!.cgroup).toBe(own.split('/').at(-1));
    const refused = await collectEvents(gadget, { operators: [operator], params: { cgroupRoot: 'system.slice' } });
    expect(refused.result.error?.code).toBe('PARAM_INVALID');
    expect(refused.result.error?.message).toBe('--cgroup-root "system.slice" is not an absolute path; give one such as /system.slice');
  });
});
