import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LOSS_REASON_NAMES, LOSS_REASONS, type LossReason } from '@gadgetry/errors';
import type { RunMessage } from '@gadgetry/runtime';
import { fromWireMessage, paramsFromJson, paramsToJson, toWireMessage, fromWireOptions, toWireOptions } from './messageMapping.js';
import { runnerService } from './runnerService.js';
import type { WireRunMessage } from './wireTypes.js';

const node = fc.string({ minLength: 1, maxLength: 20 });
const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const scalar = fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null), u64, fc.bigInt({ min: -(1n << 63n), max: -1n }));
const event = fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(scalar, fc.array(scalar, { maxLength: 3 })), { maxKeys: 5, noNullPrototype: true });
const runError = fc.record({ code: fc.string(), line: fc.string(), details: fc.string() }, { requiredKeys: ['line', 'details'] });
const count = fc.nat({ max: 1_000_000_000 });
const reasons = () => fc.constant(Object.fromEntries(LOSS_REASON_NAMES.map((r) => [r, 0])) as Record<LossReason, number>);
const stopReason = fc.constantFrom('completed', 'timeout', 'stopped', 'aborted', 'failed' as const);
const stats = fc.record({
  gadget: fc.string(),
  ended: stopReason,
  events: count,
  lost: fc.record({ total: count, kernel: count, queue: count, output: count, discarded: count, byReason: reasons() }),
  invalid: fc.record({ notObject: count, mismatched: count }),
  durationMs: count,
  eventsPerSecond: fc.double({ min: 0, max: 1e6, noNaN: true }),
});

/** Every RunMessage type, with event values that need exact 64-bit integers. */
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
    { type: fc.constant('done' as const), node, reason: stopReason, result: fc.oneof(scalar, event), error: runError, cleanupErrors: fc.array(runError, { maxLength: 2 }) },
    { requiredKeys: ['type', 'node', 'reason', 'cleanupErrors'] },
  ),
);

/** Through the real protobuf encoding of runner.proto, as an agent sends it and a client reads it. */
function overTheWire(m: RunMessage): RunMessage {
  const run = runnerService().definition.Run!;
  const bytes = run.responseSerialize(toWireMessage(m));
  return fromWireMessage(run.responseDeserialize(bytes) as WireRunMessage);
}

describe('run messages over runner.proto', () => {
  it('come back exactly as they were, for every message type, BigInts included', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(message, (m) => {
        seen.add(m.type);
        expect(overTheWire(m)).toEqual(m);
      }),
      { numRuns: 300 },
    );
    expect([...seen].sort()).toEqual(['done', 'error', 'events', 'log', 'lost', 'result', 'started', 'stats', 'table']);
  });

  it('keeps a u64 beyond 2^53 exact and carries the lost count beside the JSON', () => {
    const big = (1n << 64n) - 1n;
    const back = overTheWire({ type: 'events', node: 'n1', events: [{ inode: big, small: 1 }] });
    expect(back).toEqual({ type: 'events', node: 'n1', events: [{ inode: big, small: 1 }] });
    const lost = toWireMessage({ type: 'lost', node: 'n1', count: 4321, reason: 'client_behind', where: 'queue', message: 'm' });
    expect(lost.lostCount).toBe(4321);
  });

  it('refuses a message whose type or node disagrees with its content, or that is not JSON', () => {
    const wire = toWireMessage({ type: 'log', node: 'a', level: 'info', message: 'x' });
    expect(() => fromWireMessage({ ...wire, node: 'b' })).toThrow(/REMOTE_PROTOCOL|does not match/);
    expect(() => fromWireMessage({ ...wire, type: 'events' })).toThrow(/does not match/);
    expect(() => fromWireMessage({ ...wire, type: 'bogus' })).toThrow(/unknown type/);
    expect(() => fromWireMessage({ ...wire, messageJson: '{' })).toThrow(/not valid JSON/);
  });

  it('carries params with BigInts and run options both ways', () => {
    const params = { pid: 12n, big: 1n << 63n, names: ['a', 'b'] };
    expect(paramsFromJson(paramsToJson(params))).toEqual(params);
    const options = { timeoutMs: 1500, strict: true, traceSelf: false, timestampFormat: 'raw' as const };
    expect(fromWireOptions(toWireOptions(options))).toEqual(options);
    expect(() => fromWireOptions({ timeoutMs: 0, strict: false, traceSelf: false, timestampFormat: 'bogus' })).toThrow(/unknown timestamp format/);
  });
});
