import type { AnyValue, HrTime } from '@opentelemetry/api';
import type { GadgetInfo } from '@gadgetry/runtime';
import { runFields, type KindContext } from '@gadgetry/kinds';
import type { RunField, TSchema } from '@gadgetry/sdk';

type Event = Record<string, unknown>;

/** A value as OTLP carries it: exact integers past 2^53 as decimal text, bytes as bytes, objects as maps. */
export function anyValueOf(v: unknown): AnyValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Uint8Array) return v;
  if (Array.isArray(v)) return v.map(anyValueOf);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, anyValueOf(x)]));
  return String(v);
}

/** ns since the epoch as OTLP's [seconds, nanoseconds]. */
const hrTimeOf = (epochNs: bigint): HrTime => [Number(epochNs / 1_000_000_000n), Number(epochNs % 1_000_000_000n)];

export interface EventLogRecord {
  /** When the event happened: its timestamp field on the host's wall clock; absent without one. */
  time?: HrTime;
  /** The event as `-o json` writes it: readable forms of kinds, every field. */
  body: Record<string, AnyValue>;
}

/**
 * Turns a gadget's events into log records: the body is the event as its
 * JSON output shows it (the same fields, the same readable forms), the time
 * is the event's own timestamp, moved to the wall clock of the host it ran on.
 */
export class EventLogRecords {
  readonly #fields: RunField[];
  readonly #timestamp: string | undefined;

  constructor(
    info: GadgetInfo,
    private readonly ctx: KindContext,
  ) {
    this.#fields = runFields(
      info.fields.map((f) => ({ name: f.name, schema: f.schema as TSchema, ...(f.addedBy !== undefined ? { addedBy: f.addedBy } : {}) })),
      ctx,
    );
    this.#timestamp = info.fields.find((f) => f.schema.kind === 'timestamp')?.name;
  }

  of(e: Event): EventLogRecord {
    const body: Record<string, AnyValue> = {};
    for (const f of this.#fields) body[f.name] = anyValueOf(f.json(e));
    const raw = this.#timestamp === undefined ? undefined : e[this.#timestamp];
    const boot = typeof raw === 'bigint' ? raw : typeof raw === 'number' && Number.isSafeInteger(raw) ? BigInt(raw) : undefined;
    // 0 is a timestamp the gadget never set
    if (boot === undefined || boot === 0n || !this.ctx.bootToEpochNs) return { body };
    return { time: hrTimeOf(boot + this.ctx.bootToEpochNs()), body };
  }
}
