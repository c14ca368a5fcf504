// What every shape reports through the run: failures and losses go to the
// flow control when the host gives one, to the log otherwise, and readers
// pause while the flow is paused.
import type { EventFlow, LossReason } from '@gadgetry/sdk';
import { describe, expect, it } from 'vitest';
import { gadgetContext } from '../test/fixtures/gadgetContext.js';
import { ShapeRun } from './ShapeRun.js';

/** A flow control as a host keeps one: a paused state with listeners, and what it was told. */
function hostFlow(paused = false) {
  const listeners = new Set<(paused: boolean) => void>();
  const told = { lost: [] as [number, LossReason, string | undefined][], failed: [] as unknown[] };
  const flow: EventFlow & { set(p: boolean): void } = {
    get paused() {
      return paused;
    },
    onChange(l) {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    lost: (n, reason, detail) => void told.lost.push([n, reason, detail]),
    fail: (err) => void told.failed.push(err),
    set(p) {
      paused = p;
      for (const l of listeners) l(p);
    },
  };
  return { flow, told };
}

function runWith(flow?: EventFlow) {
  const ctx = gadgetContext({}, flow ? { flow } : {});
  const run = new ShapeRun<Record<string, never>>({ name: 'shape_run_test' });
  run.init(ctx);
  return { run, logged: ctx.logged };
}

describe('ShapeRun', () => {
  it('hands failures and losses to the flow control, not to the log', () => {
    const { flow, told } = hostFlow();
    const { run, logged } = runWith(flow);
    const err = new Error('decoder broke');
    run.fail(err, 'event delivery');
    run.lost(3, 'ring_full', 'the ring buffer was full; raise --buffer-kb');
    run.lost(2, 'socket_full', undefined, 'socket_full');
    expect(told.failed).toEqual([err]);
    expect(told.lost).toEqual([
      [3, 'ring_full', 'the ring buffer was full; raise --buffer-kb'],
      [2, 'socket_full', undefined],
    ]);
    expect(logged).toEqual({ debug: [], info: [], warn: [], error: [] });
  });

  it('without flow control, logs one line per failure and per loss', () => {
    const { run, logged } = runWith();
    run.fail(new Error('decoder broke'), 'event delivery');
    run.fail('no map', 'reading the counters');
    run.lost(3, 'ring_full', 'the ring buffer was full; raise --buffer-kb');
    run.lost(2, 'socket_full', undefined, 'socket_full');
    run.lost(1, 'ring_full');
    expect(logged.error).toEqual(['event delivery failed: decoder broke', 'reading the counters failed: no map']);
    expect(logged.warn).toEqual([
      '3 events lost: the ring buffer was full; raise --buffer-kb',
      '2 events lost: socket_full',
      expect.stringMatching(/^1 events lost: \S/),
    ]);
    expect(logged.warn[2]).not.toBe('1 events lost: ring_full');
  });

  it('pauses a reader while the flow is paused, from the start if it already is, until unfollowed', () => {
    const { flow } = hostFlow(true);
    const { run } = runWith(flow);
    const calls: string[] = [];
    const unfollow = run.followFlow({ pause: () => calls.push('pause'), resume: () => calls.push('resume') });
    flow.set(false);
    flow.set(true);
    unfollow!();
    flow.set(false);
    expect(calls).toEqual(['pause', 'resume', 'pause']);
    expect(runWith().run.followFlow({ pause: () => calls.push('x'), resume: () => calls.push('x') })).toBeUndefined();
  });
});
