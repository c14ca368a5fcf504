import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addon, kernelTestGate, prepareKernel } from '../src/index.js';
import type { NativeLink, NativeMap, NativeObject, NativeReader } from '../src/addon.js';
import { FIXTURE_BUILD } from './buildFixtures.js';

const skip = kernelTestGate();
const PROBE = join(FIXTURE_BUILD, 'probe.bpf.o');

/** What an argument must be. A trailing `?` marks an optional one (undefined is fine). */
type Kind = 'string' | 'buffer' | 'boolean' | 'function' | 'object' | 'number' | 'source' | 'map' | 'keyOrNull';
type Slot = Kind | `${Kind}?`;

interface Entry {
  name: string;
  args: Slot[];
  call(args: unknown[]): unknown;
}

let obj: NativeObject;
let map: NativeMap;
let link: NativeLink;
let ring: NativeReader;
let perf: NativeReader;

const accepts: Record<Kind, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  // any typed array or DataView passes as its bytes, as in Node's own APIs
  buffer: (v) => ArrayBuffer.isView(v),
  boolean: (v) => typeof v === 'boolean',
  function: (v) => typeof v === 'function',
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  number: (v) => typeof v === 'number',
  source: (v) => typeof v === 'string' || ArrayBuffer.isView(v),
  map: (v) => v === map,
  keyOrNull: (v) => v === null || ArrayBuffer.isView(v),
};

/** A valid value of each kind: a call fails only on the argument under test. */
const valid = (kind: Kind): unknown =>
  ({ string: 'x', buffer: Buffer.alloc(4), boolean: true, function: () => {}, object: {}, number: 1, source: 'x', map, keyOrNull: null })[kind];

const kindOf = (slot: Slot): Kind => slot.replace('?', '') as Kind;
const optional = (slot: Slot) => slot.endsWith('?');

/** Every native function and method, with what its arguments must be. */
const table = (): Entry[] => {
  const a = addon();
  const method = <T extends object>(target: () => T, name: keyof T & string, args: Slot[]): Entry => ({
    name,
    args,
    call: (xs) => (target()[name] as (...v: unknown[]) => unknown)(...xs),
  });
  return [
    { name: 'new BpfObject', args: ['source', 'string?'], call: (xs) => new (a.BpfObject as unknown as new (...v: unknown[]) => unknown)(...xs) },
    ...(['globals', 'load', 'loadAsync', 'programs', 'maps', 'close'] as const).map((n) => method(() => obj, n, [])),
    method(() => obj, 'setGlobal', ['string', 'buffer']),
    method(() => obj, 'setMapMaxEntries', ['string', 'number']),
    method(() => obj, 'setAutoload', ['string', 'boolean']),
    method(() => obj, 'attach', ['string', 'object?']),
    method(() => obj, 'attachPerfEvent', ['string', 'object']),
    method(() => obj, 'attachSocket', ['string', 'number']),
    method(() => obj, 'structLayout', ['string']),
    method(() => map, 'lookup', ['buffer']),
    method(() => map, 'update', ['buffer', 'buffer', 'number?']),
    method(() => map, 'delete', ['buffer']),
    method(() => map, 'nextKey', ['keyOrNull']),
    method(() => map, 'lookupBatch', []),
    method(() => link, 'destroy', []),
    method(() => link, 'readIterator', ['object?']),
    ...(['consume', 'pause', 'resume', 'close'] as const).flatMap((n) => [method(() => ring, n, []), method(() => perf, n, [])]),
    { name: 'new RingBufferReader', args: ['map', 'function', 'number?'], call: (xs) => new (a.RingBufferReader as unknown as new (...v: unknown[]) => unknown)(...xs) },
    { name: 'new PerfBufferReader', args: ['map', 'number', 'function'], call: (xs) => new (a.PerfBufferReader as unknown as new (...v: unknown[]) => unknown)(...xs) },
    method(() => a, 'mount', ['string', 'string']),
    ...(['raiseMemlock', 'possibleCpus', 'libbpfVersion'] as const).map((n) => method(() => a, n, [])),
  ];
};

/** One of each kind of JavaScript value, including look-alikes (a typed array is not a Buffer). */
const samples = (): unknown[] => [
  undefined, null, true, 0, -1, 1.5, Number.NaN, '', 'x', Symbol('s'), 10n, {}, [], () => {},
  Buffer.alloc(4), new Uint8Array(4), new Date(0), map, { fd: 3 },
];

const validArgs = (e: Entry): unknown[] => e.args.map((s) => valid(kindOf(s)));

/** Calls `e` with `args` and returns what it threw (or undefined). */
function thrown(e: Entry, args: unknown[]): unknown {
  try {
    e.call(args);
  } catch (err) {
    return err;
  }
  return undefined;
}

describe.skipIf(skip)('every native function checks its arguments: a wrong one is a TypeError naming it', () => {
  beforeAll(() => {
    prepareKernel();
    obj = new (addon().BpfObject)(PROBE);
    obj.setAutoload('on_switch', false);
    obj.load();
    const maps = obj.maps();
    map = maps.find((m) => m.name === 'counts')!.handle!;
    link = obj.attach('dump_task');
    ring = new (addon().RingBufferReader)(maps.find((m) => m.name === 'events')!.handle!, () => {});
    perf = new (addon().PerfBufferReader)(maps.find((m) => m.name === 'perf_events')!.handle!, 1, () => {});
  });
  afterAll(() => obj?.close());

  it('each argument of each function, given every wrong kind of value', () => {
    let checked = 0;
    for (const e of table()) {
      e.args.forEach((slot, i) => {
        for (const bad of samples()) {
          if (accepts[kindOf(slot)](bad) || (bad === undefined && optional(slot))) continue;
          const args = validArgs(e);
          args[i] = bad;
          const err = thrown(e, args);
          expect(err, `${e.name} with argument ${i + 1} = ${String(bad)}`).toBeInstanceOf(TypeError);
          expect((err as Error).message).toMatch(new RegExp(`argument ${i + 1} \\(\\w+\\) must be `));
          checked++;
        }
      });
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('too few or too many arguments', () => {
    for (const e of table()) {
      const required = e.args.filter((s) => !optional(s)).length;
      if (required > 0) {
        const err = thrown(e, validArgs(e).slice(0, required - 1));
        expect(err, e.name).toBeInstanceOf(TypeError);
        expect((err as Error).message).toMatch(/expected \d+( to \d+)? arguments?, got \d+/);
      }
      const err = thrown(e, [...validArgs(e), 'extra']);
      expect(err, e.name).toBeInstanceOf(TypeError);
      expect((err as Error).message).toMatch(/expected \d+( to \d+)? arguments?, got \d+/);
    }
  });

  it('option fields, buffer sizes, and methods borrowed by another object', () => {
    expect(() => obj.attachPerfEvent('on_sample', { cpu: '0' } as never)).toThrow(new TypeError('attachPerfEvent(program, options): options.cpu must be a number, got a string'));
    expect(() => obj.attachPerfEvent('on_sample', { sampleFreq: -1 })).toThrow(RangeError);
    expect(() => obj.setMapMaxEntries('counts', 2 ** 32)).toThrow(RangeError);
    expect(() => map.lookup(Buffer.alloc(2))).toThrow(new TypeError('lookup(key): argument 1 (key) must be a Buffer of 4 bytes for map counts, got 2 bytes'));
    expect(() => map.update(Buffer.alloc(4), Buffer.alloc(4))).toThrow(/argument 2 \(value\) must be a Buffer of 8 bytes/);
    // V8 refuses borrowed methods itself ("Illegal invocation"); getters it lets through, the addon refuses them
    expect(() => obj.load.call(map as never)).toThrow(TypeError);
    expect(() => map.lookup.call({} as never, Buffer.alloc(4))).toThrow(TypeError);
    expect(() => ring.consume.call(perf)).toThrow(TypeError);
    const closedGetter = (x: object) => Object.getOwnPropertyDescriptor(Object.getPrototypeOf(x), 'closed')!.get!;
    expect(() => closedGetter(link).call(obj)).toThrow(new TypeError('closed: called on an object of the wrong class'));
    expect(() => closedGetter(map).call(ring)).toThrow(new TypeError('closed: called on an object of the wrong class'));
    expect(() => closedGetter(ring).call(perf)).toThrow(new TypeError('closed: called on an object of the wrong class'));
    // made from JavaScript, a handle has no kernel object behind it
    const Ctor = map.constructor as new () => NativeMap;
    expect(() => new Ctor().lookup(Buffer.alloc(4))).toThrow(expect.objectContaining({ code: 'BPF_OBJECT_CLOSED' }));
  });

  it('any value of a wrong type, in any argument of any function (property)', () => {
    const entries = table().filter((e) => e.args.length > 0);
    fc.assert(
      fc.property(fc.constantFrom(...entries), fc.nat(), fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true }), (e, at, bad) => {
        const i = at % e.args.length;
        const slot = e.args[i]!;
        fc.pre(!accepts[kindOf(slot)](bad) && !(bad === undefined && optional(slot)));
        const args = validArgs(e);
        args[i] = bad;
        const err = thrown(e, args);
        return err instanceof TypeError && new RegExp(`argument ${i + 1} \\(\\w+\\) must be `).test(err.message);
      }),
      { numRuns: 300 },
    );
  });
});
