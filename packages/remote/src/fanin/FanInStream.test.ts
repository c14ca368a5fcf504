import { describe, expect, it } from 'vitest';
import { LOSS_REASON_NAMES } from '@gadgetry/errors';
import type { RunMessage, RunStats, RunStream } from '@gadgetry/runtime';
import { FanInStream } from './FanInStream.js';
import { TableMerger } from './TableMerger.js';
import { parseSort } from '@gadgetry/operators';

/** A node's run that yields these messages, one per tick, pausing where a message is a number (ms). */
function scripted(messages: (RunMessage | number)[]): RunStream {
  return {
    pause() {},
    resume() {},
    async *[Symbol.asyncIterator]() {
      for (const m of messages) {
        if (typeof m === 'number') await new Promise((r) => setTimeout(r, m));
        else yield m;
      }
    },
  };
}

const stats = (node: string, events: number, paused: number): RunStats => ({
  gadget: 'g',
  ended: 'stopped',
  events,
  lost: { total: paused, kernel: paused, queue: 0, output: 0, discarded: 0, byReason: { ...Object.fromEntries(LOSS_REASON_NAMES.map((r) => [r, 0])), paused } as RunStats['lost']['byReason'] },
  invalid: { notObject: 0, mismatched: 0 },
  durationMs: node === 'a' ? 1000 : 2000,
  eventsPerSecond: 0,
});
const started = (node: string, clock = '1000'): RunMessage => ({ type: 'started', node, gadget: 'g', host: { bootToEpochNs: clock, arch: 'x64' } });
const done = (node: string): RunMessage => ({ type: 'done', node, reason: 'stopped', cleanupErrors: [] });

async function all(stream: RunStream): Promise<RunMessage[]> {
  const out: RunMessage[] = [];
  for await (const m of stream) out.push(m);
  return out;
}

describe('fan-in of many nodes\' runs', () => {
  it('tags every event with its node, starts once and ends with one stats (added up) and one done', async () => {
    const a = scripted([started('a'), { type: 'events', node: 'a', events: [{ pid: 1, ts: 5n }] }, { type: 'stats', node: 'a', stats: stats('a', 1, 3) }, done('a')]);
    const b = scripted([started('b', '1500'), 5, { type: 'events', node: 'b', events: [{ pid: 2, ts: 5n }] }, { type: 'stats', node: 'b', stats: stats('b', 1, 4) }, done('b')]);
    const out = await all(new FanInStream([{ name: 'addr-a', stream: a }, { name: 'addr-b', stream: b }], ['ts'], () => {}));
    expect(out.filter((m) => m.type === 'started')).toHaveLength(1);
    const events = out.flatMap((m) => (m.type === 'events' ? m.events : []));
    // b's clock is 500 ns ahead of a's (the one the output reads): its timestamps move by 500
    expect(events).toEqual([{ node: 'a', pid: 1, ts: 5n }, { node: 'b', pid: 2, ts: 505n }]);
    const s = out.filter((m) => m.type === 'stats');
    expect(s).toHaveLength(1);
    const merged = s[0]!.type === 'stats' ? s[0]!.stats : undefined;
    expect([merged?.events, merged?.lost.total, merged?.lost.byReason.paused, merged?.durationMs]).toEqual([2, 7, 7, 2000]);
    expect(out.at(-1)).toMatchObject({ type: 'done', reason: 'stopped' });
    expect(out.at(-1)).not.toHaveProperty('error');
  });

  it('sorts the merged table of an interval by the run\'s sort and cuts it to --max-rows across nodes', async () => {
    const table = (node: string, rbytes: number[]): RunMessage => ({ type: 'table', node, events: rbytes.map((r) => ({ rbytes: r })) });
    // each node sorted and cut its own table to 2 rows; the merged one is sorted and cut again
    const a = scripted([started('a'), table('a', [8, 2]), done('a')]);
    const b = scripted([started('b'), table('b', [9, 5]), done('b')]);
    const order = { keys: parseSort('-rbytes', ['node', 'rbytes']), maxRows: 2 };
    const out = await all(new FanInStream([{ name: 'a', stream: a }, { name: 'b', stream: b }], [], () => {}, order));
    const tables = out.flatMap((m) => (m.type === 'table' ? [m.events.map((e) => `${String(e.node)}:${String(e.rbytes)}`)] : []));
    expect(tables).toEqual([['b:9', 'a:8']]);
  });

  it('merges the tables of one interval from every node into one table', async () => {
    const table = (node: string, n: number): RunMessage => ({ type: 'table', node, events: [{ row: `${node}${n}` }] });
    const a = scripted([started('a'), table('a', 1), 10, table('a', 2), done('a')]);
    const b = scripted([started('b'), 5, table('b', 1), 10, table('b', 2), done('b')]);
    const out = await all(new FanInStream([{ name: 'a', stream: a }, { name: 'b', stream: b }], [], () => {}));
    const tables = out.flatMap((m) => (m.type === 'table' ? [m.events.map((e) => e.row)] : []));
    expect(tables).toEqual([['a1', 'b1'], ['a2', 'b2']]);
  });

  it('reports a node that dies mid-run in one warning naming it, and the others go on', async () => {
    const lostLine = 'node b: the connection to the agent at 10.0.0.2:7411 was lost mid-run (Connection dropped) [REMOTE_NODE_LOST]';
    const a = scripted([started('a'), 10, { type: 'events', node: 'a', events: [{ n: 1 }] }, 20, { type: 'events', node: 'a', events: [{ n: 2 }] }, done('a')]);
    const b = scripted([started('b'), 15, { type: 'done', node: 'b', reason: 'failed', cleanupErrors: [], error: { code: 'REMOTE_NODE_LOST', line: lostLine, details: '' } }]);
    const out = await all(new FanInStream([{ name: 'a', stream: a }, { name: 'b', stream: b }], [], () => {}));
    const warnings = out.filter((m) => m.type === 'log' && m.level === 'warn');
    expect(warnings).toEqual([{ type: 'log', node: 'b', level: 'warn', message: `${lostLine}; the other nodes go on` }]);
    const afterWarning = out.slice(out.indexOf(warnings[0]!));
    expect(afterWarning.some((m) => m.type === 'events' && m.node === 'a')).toBe(true);
    expect(out.at(-1)).toMatchObject({ type: 'done', reason: 'stopped' });
    expect(out.at(-1)).not.toHaveProperty('error');
  });

  it('fails with one error when no node could start, the others said as warnings', async () => {
    const err = (node: string): RunMessage => ({ type: 'error', node, error: { code: 'REMOTE_UNREACHABLE', line: `no agent answered at ${node}`, details: '' } });
    const out = await all(new FanInStream([{ name: 'x', stream: scripted([err('x')]) }, { name: 'y', stream: scripted([err('y')]) }], [], () => {}));
    expect(out.filter((m) => m.type === 'error')).toEqual([{ type: 'error', node: 'x', error: { code: 'REMOTE_UNREACHABLE', line: 'node x: no agent answered at x', details: '' } }]);
    expect(out.filter((m) => m.type === 'log')).toHaveLength(1);
  });

  it('a node unreachable from the start, with another running, is one warning', async () => {
    const a = scripted([5, started('a'), { type: 'events', node: 'a', events: [{ n: 1 }] }, done('a')]);
    const x = scripted([{ type: 'error', node: 'x:1', error: { code: 'REMOTE_UNREACHABLE', line: 'no agent answered at x:1', details: '' } }]);
    const out = await all(new FanInStream([{ name: 'a', stream: a }, { name: 'x:1', stream: x }], [], () => {}));
    expect(out.filter((m) => m.type === 'log').map((m) => m.type === 'log' && m.message)).toEqual(['node x:1: no agent answered at x:1; the other nodes go on']);
    expect(out.some((m) => m.type === 'error')).toBe(false);
  });
});

describe('TableMerger', () => {
  it('waits for every running node, but at most `slack` intervals for a silent one', () => {
    const m = new TableMerger(['a', 'b'], 2);
    expect(m.add('a', [{ r: 'a1' }])).toEqual([]);
    expect(m.add('a', [{ r: 'a2' }])).toEqual([]);
    expect(m.add('a', [{ r: 'a3' }])).toEqual([[{ r: 'a1' }]]);
    expect(m.add('b', [{ r: 'b2' }])).toEqual([[{ r: 'a2' }, { r: 'b2' }]]);
    expect(m.end('b')).toEqual([[{ r: 'a3' }]]);
  });
});
