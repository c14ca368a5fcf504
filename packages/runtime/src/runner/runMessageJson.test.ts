import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LOSS_REASON_NAMES, LOSS_REASONS, type LossReason } from '@gadgetry/errors';
import { runMessageFromJson, runMessageToJson } from './runMessageJson.js';
import type { RunMessage } from './RunMessage.js';

const node = fc.string({ minLength: 1, maxLength: 20 });
const scalar = fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }));
const event = fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(scalar, fc.array(scalar, { maxLength: 3 })), { maxKeys: 5, noNullPrototype: true });
const runError = fc.record({ code: fc.string(), line: fc.string(), details: fc.string() }, { requiredKeys: ['line', 'details'] });
const count = fc.nat({ max: 1_000_000 });
const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const orNull = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const cost = fc.record({
  runTime: fc.constantFrom('counted', 'unavailable', 'not reported' as const),
  programs: fc.array(
    fc.record({ name: fc.string(), id: count, type: fc.string(), runCount: orNull(u64), runTimeNs: orNull(u64), nsPerRun: orNull(fc.double({ min: 0, max: 1e9, noNaN: true })), recursionMisses: u64 }),
    { maxLength: 3 },
  ),
  maps: fc.array(fc.record({ name: fc.string(), id: count, type: fc.string(), maxEntries: count, bytes: orNull(count) }), { maxLength: 3 }),
  bpfTimeNs: orNull(u64),
  bpfNsPerEvent: orNull(fc.double({ min: 0, max: 1e9, noNaN: true })),
  mapBytes: count,
  cpuMs: count,
  cpuUserMs: count,
  cpuSystemMs: count,
  cpuUsPerEvent: orNull(count),
  rssBytes: count,
  peakRssBytes: count,
});
const stats = fc.record({
  gadget: fc.string(),
  ended: fc.constantFrom('completed', 'timeout', 'stopped', 'aborted', 'failed', 'running' as const),
  events: count,
  lost: fc.record({ total: count, kernel: count, queue: count, output: count, discarded: count, byReason: fc.constant(Object.fromEntries(LOSS_REASON_NAMES.map((r) => [r, 0])) as Record<LossReason, number>) }),
  invalid: fc.record({ notObject: count, mismatched: count }),
  durationMs: count,
  eventsPerSecond: fc.double({ min: 0, max: 1e6, noNaN: true }),
  cost,
}, { requiredKeys: ['gadget', 'ended', 'events', 'lost', 'invalid', 'durationMs', 'eventsPerSecond'] });

const message: fc.Arbitrary<RunMessage> = fc.oneof(
  fc.record({ type: fc.constant('started' as const), node, gadget: fc.string(), host: fc.record({ bootToEpochNs: fc.bigInt().map(String), arch: fc.string() }) }),
  fc.record({ type: fc.constantFrom('events' as const, 'table' as const), node, events: fc.array(event, { maxLength: 5 }) }),
  fc.record({ type: fc.constant('result' as const), node, value: fc.oneof(scalar, event) }),
  fc.constantFrom(...LOSS_REASON_NAMES).chain((reason) =>
    fc.record({ type: fc.constant('lost' as const), node, count, reason: fc.constant(reason), where: fc.constant(LOSS_REASONS[reason].where), message: fc.string() }),
  ),
  fc.record({ type: fc.constant('log' as const), node, level: fc.constantFrom('debug', 'info', 'warn', 'error' as const), message: fc.string() }),
  fc.record({ type: fc.constant('stats' as const), node, stats }),
  fc.record({ type: fc.constant('error' as const), node, error: runError }),
  fc.record(
    {
      type: fc.constant('done' as const),
      node,
      reason: fc.constantFrom('completed', 'timeout', 'stopped', 'aborted', 'failed' as const),
      result: fc.oneof(scalar, event),
      error: runError,
      cleanupErrors: fc.array(runError, { maxLength: 2 }),
    },
    { requiredKeys: ['type', 'node', 'reason', 'cleanupErrors'] },
  ),
);

describe('run messages as JSON', () => {
  it('come back from one line of JSON exactly as they were, BigInts included (a stats message\'s cost too)', () => {
    fc.assert(
      fc.property(message, (m) => {
        const line = runMessageToJson(m);
        expect(line).not.toContain('\n');
        // toEqual: fast-check's records have no prototype; BigInt and number still differ
        expect(runMessageFromJson(line)).toEqual(m);
      }),
      { numRuns: 300 },
    );
  });
});
