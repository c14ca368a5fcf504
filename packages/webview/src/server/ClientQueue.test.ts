import { describe, expect, it } from 'vitest';
import { ClientQueue, sseText } from './ClientQueue.js';

const events = (n: number, pad = 100) => ({ type: 'events', text: sseText({ type: 'events', events: Array.from({ length: n }, () => 'x'.repeat(pad)) }), events: n });
const drain = (q: ClientQueue) => {
  const out: unknown[] = [];
  for (let t = q.shift(); t !== undefined; t = q.shift()) out.push(JSON.parse(t.slice('data: '.length)));
  return out;
};

describe('ClientQueue', () => {
  it('keeps at most maxBytes of event slices, counts the events it drops and reports them before the next message', () => {
    const q = new ClientQueue({ maxBytes: 10_000 });
    const one = events(10);
    let pushed = 0;
    for (let i = 0; i < 100; i++) {
      q.push(one);
      pushed += 10;
      expect(q.bytes).toBeLessThanOrEqual(10_000);
    }
    const kept = Math.floor(10_000 / one.text.length);
    expect(q.missedTotal).toBe(pushed - kept * 10);
    const out = drain(q) as { type: string; count?: number }[];
    expect(out[0]).toEqual({ type: 'missed', count: pushed - kept * 10, total: pushed - kept * 10 });
    expect(out.slice(1).every((m) => m.type === 'events')).toBe(true);
    expect(out).toHaveLength(kept + 1);
  });

  it('keeps only the newest table, result and stats waiting, and never drops the end', () => {
    const q = new ClientQueue({ maxBytes: 50 });
    for (let i = 0; i < 5; i++) {
      q.push({ type: 'table', text: sseText({ type: 'table', i }), events: 1 });
      q.push({ type: 'stats', text: sseText({ type: 'stats', i }), events: 0 });
    }
    q.push(events(3));
    q.push({ type: 'done', text: sseText({ type: 'done' }), events: 0 });
    expect(drain(q)).toEqual([{ type: 'missed', count: 3, total: 3 }, { type: 'table', i: 4 }, { type: 'stats', i: 4 }, { type: 'done' }]);
  });
});
