import { Type, type TArray, type TBigInt, type TBoolean, type TInteger, type TObject, type TProperties, type TSchema, type TString } from '@sinclair/typebox';
import type { FieldAnnotations } from './fieldAnnotations.js';
import { fieldMetricProblem, type FieldMetric } from './fieldMetric.js';
import { isInt64Field, type Int64Field } from './int64Field.js';

/** What C cannot say about a struct member: how the field is shown and what it means. */
type Presentation = Pick<FieldAnnotations, 'description' | 'kind' | 'width' | 'align' | 'hidden' | 'header' | 'appliesWhen'>;

/**
 * The overlay of one generated field. Beside the presentation:
 * - `omit: true` leaves the member out of the event (a length, a counter the
 *   decoder uses through `sizeField`);
 * - `int64` (64-bit members only) reads it as a JS number, exact below 2^53,
 *   or as a BigInt, always exact;
 * - `strings: true` (char arrays only) reads NUL-separated strings as a
 *   `string[]`, up to the length in the member named by `sizeField`.
 */
export type FieldOverlay<S extends TSchema = TSchema, Names extends string = string> = Presentation &
  MetricOption<S, Names> & { omit?: true } & (S extends Int64Field
    ? { int64?: 'number' | 'bigint' }
    : { int64?: never }) &
  (S extends TString ? { strings?: true; sizeField?: string } : { strings?: never; sizeField?: never });

/** `metric` (see FieldMetric) on a numeric field only; its labels are other fields of the event. */
type MetricOption<S extends TSchema, Names extends string> = S extends TString | TBoolean | TArray ? { metric?: never } : { metric?: FieldMetric<Names> };

/** A field the gadget's code fills (not read from the struct), placed after the field written before it. */
export interface ComputedField<S extends TSchema = TSchema> {
  computed: S;
}

/** `U`, with every key `T` does not have made an error. */
type Exactly<T, U> = T & { [K in Exclude<keyof U, keyof T>]: never };

/**
 * The overlay of a generated struct: keys are its fields (a typo is a type
 * error), or new computed fields written `{ computed: schema }`.
 */
export type EventOverlay<G extends TProperties, O> = {
  [K in keyof O]: K extends keyof G
    ? Exactly<FieldOverlay<G[K], (keyof G | keyof O) & string>, O[K]>
    : O[K] extends { computed: unknown }
      ? Exactly<ComputedField, O[K]>
      : `${K & string} is not a field of the struct; a field your code fills is written { computed: schema }`;
};

type Represented<S extends TSchema, F> = F extends { int64: 'number' }
  ? TInteger
  : F extends { int64: 'bigint' }
    ? TBigInt
    : F extends { strings: true }
      ? TArray<TString>
      : S;

type Evaluate<T> = { [K in keyof T]: T[K] } & {};

/** The event's fields: the generated ones (less the omitted), with the overlay applied, and the computed ones. */
export type EventProperties<G extends TProperties, O> = Evaluate<
  {
    [K in keyof G as K extends keyof O ? (O[K] extends { omit: true } ? never : K) : K]: K extends keyof O ? Represented<G[K], O[K]> : G[K];
  } & {
    -readonly [K in keyof O as K extends keyof G ? never : K]: O[K] extends { computed: infer S extends TSchema } ? S : never;
  }
>;

const PRESENTATION = ['description', 'kind', 'width', 'align', 'hidden', 'header', 'appliesWhen'] as const;
const OVERLAY_KEYS = new Set<string>([...PRESENTATION, 'metric', 'omit', 'int64', 'strings', 'sizeField']);

/** The presentation options a schema carries (kept when its representation changes). */
function presentationOf(schema: TSchema): Record<string, unknown> {
  const s = schema as Record<string, unknown>;
  return Object.fromEntries(PRESENTATION.filter((k) => s[k] !== undefined).map((k) => [k, s[k]]));
}

function overlaid(key: string, schema: TSchema, overlay: Record<string, unknown>): TSchema {
  const wrong = Object.keys(overlay).find((k) => !OVERLAY_KEYS.has(k));
  if (wrong) throw new TypeError(`defineEvent: field "${key}" has an unknown overlay option "${wrong}"`);
  let base = schema;
  if (overlay.int64 !== undefined) {
    if (!isInt64Field(schema)) throw new TypeError(`defineEvent: field "${key}" is not a 64-bit member; int64 applies only to those`);
    if (overlay.int64 === 'number') base = Type.Integer(presentationOf(schema));
    else if (overlay.int64 === 'bigint') base = Type.BigInt(presentationOf(schema));
    else throw new TypeError(`defineEvent: field "${key}" has int64 ${JSON.stringify(overlay.int64)}; use 'number' or 'bigint'`);
  }
  if (overlay.strings === true || overlay.sizeField !== undefined) {
    if ((schema as { type?: string }).type !== 'string') throw new TypeError(`defineEvent: field "${key}" is not a char array; strings and sizeField apply only to those`);
    if (overlay.strings === true) base = Type.Array(Type.String(), presentationOf(schema));
  }
  const presentation = Object.fromEntries(PRESENTATION.filter((k) => overlay[k] !== undefined).map((k) => [k, overlay[k]]));
  const sizeField = typeof overlay.sizeField === 'string' ? { sizeField: overlay.sizeField } : {};
  const metric = overlay.metric !== undefined ? { metric: overlay.metric } : {};
  if (base === schema && Object.keys(presentation).length === 0 && overlay.metric === undefined) return schema;
  return { ...base, ...presentation, ...sizeField, ...metric } as TSchema;
}

/**
 * The event schema of a gadget: the struct schema generated from the BPF
 * object's BTF (`src/event.generated.ts`), with what C cannot say laid over
 * it, field by field:
 *
 * ```ts
 * const event = defineEvent(eventStruct, {
 *   fname: { kind: 'path', header: 'PATH', description: 'File name as passed to open' },
 *   error: { computed: Type.String({ kind: 'errno', description: 'errno name' }) },
 * });
 * ```
 *
 * Fields keep the order of the struct's members; a computed field comes right
 * after the generated field written before it in the overlay (first when none
 * is). The result is a plain TypeBox object schema: `Static<typeof event>` is
 * the event type.
 */
export function defineEvent<G extends TProperties, const O extends EventOverlay<G, O>>(struct: TObject<G>, overlay: O): TObject<EventProperties<G, O>> {
  const fields = struct.properties as Record<string, TSchema>;
  const given = overlay as Record<string, Record<string, unknown>>;
  // computed fields by the generated field they follow ('' for the front)
  const computedAfter = new Map<string, string[]>();
  let previous = '';
  for (const [key, value] of Object.entries(given)) {
    if (Object.hasOwn(fields, key)) {
      previous = key;
      continue;
    }
    const schema = (value as { computed?: unknown } | undefined)?.computed;
    if (typeof schema !== 'object' || schema === null || Object.keys(value).length !== 1) {
      const members = Object.keys(fields).join(', ');
      throw new TypeError(`defineEvent: "${key}" is not a field of the struct (fields: ${members}); a field your code fills is written { computed: schema }`);
    }
    computedAfter.set(previous, [...(computedAfter.get(previous) ?? []), key]);
  }
  const out: Record<string, TSchema> = {};
  const placeComputed = (after: string) => {
    for (const key of computedAfter.get(after) ?? []) out[key] = { ...(given[key]!.computed as TSchema), computed: true } as TSchema;
  };
  placeComputed('');
  for (const [key, schema] of Object.entries(fields)) {
    const o = Object.hasOwn(given, key) ? given[key]! : undefined;
    if (o?.omit !== true) out[key] = o ? overlaid(key, schema, o) : schema;
    placeComputed(key);
  }
  for (const [key, schema] of Object.entries(out)) {
    const metric = (schema as { metric?: unknown }).metric;
    const problem = metric === undefined ? undefined : fieldMetricProblem(key, metric, Object.keys(out));
    if (problem) throw new TypeError(`defineEvent: ${problem}`);
  }
  return Type.Object(out) as unknown as TObject<EventProperties<G, O>>;
}
