import { Type, fieldAnnotations, type RunField, type TSchema } from '@gadgetry/sdk';
import type { KindContext, KindFormat } from './KindFormat.js';
import { kindFormat } from './kindFormats.js';
import { valueText } from './valueText.js';

/** The naming rule of every kind: the raw value of field `name` is shown as `<name>Raw`. */
export const RAW_SUFFIX = 'Raw';
export const rawFieldName = (name: string) => `${name}${RAW_SUFFIX}`;

/** One event field before kinds apply: the gadget's, or one an operator adds. */
export interface EventField {
  name: string;
  schema: TSchema;
  addedBy?: string;
}

type Event = Record<string, unknown>;

// What describes a value's type or bounds: left out when a readable form (a string) takes the schema's place.
const VALIDATION = new Set([
  'type', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'items', 'minItems', 'maxItems',
  'uniqueItems', 'additionalItems', 'contains', 'const', 'enum', 'anyOf', 'oneOf', 'allOf', 'not', 'pattern',
  'minLength', 'maxLength', 'format', 'default', '$id',
]);

const annotation = <T>(schema: TSchema, key: string): T | undefined => (schema as Record<string, unknown>)[key] as T | undefined;

/** Whether a kind applies to a schema: numbers for every kind but ip, arrays of byte values for ip. */
function fits(kind: string, schema: TSchema): boolean {
  const type = annotation<string>(schema, 'type');
  if (kind === 'ip') return type === 'array';
  return type === 'integer' || type === 'number' || type === 'bigint';
}

/** The schema of a readable form: a string with the field's annotations (and any unknown keys) kept. */
function readableSchema(schema: TSchema, format: KindFormat, ctx: KindContext): TSchema {
  const keep = Object.fromEntries(Object.entries(schema).filter(([k]) => !VALIDATION.has(k)));
  const width = Math.max(annotation<number>(schema, 'width') ?? 0, format.width(ctx));
  return Type.String({ ...keep, width, align: annotation(schema, 'align') ?? format.align });
}

/** The schema of a raw twin: the field's own, hidden, with its header and a width that fits raw values. */
function rawSchema(name: string, schema: TSchema, format: KindFormat): TSchema {
  const description = annotation<string>(schema, 'description');
  const header = `${annotation<string>(schema, 'header') ?? name.toUpperCase()}_RAW`;
  const out: Record<string, unknown> = { ...schema, hidden: true, header };
  delete out.width;
  if (format.rawWidth !== undefined) out.width = format.rawWidth;
  if (description) out.description = `${description} (raw value)`;
  return out as TSchema;
}

/**
 * The test of a field's `appliesWhen` (the field means something only when
 * another field holds one of some raw values); undefined when it always applies.
 */
function appliesTest(schema: TSchema): ((e: Event) => boolean) | undefined {
  const when = fieldAnnotations(schema).appliesWhen;
  if (!when) return undefined;
  const values = new Set<unknown>(when.oneOf);
  return (e) => values.has(e[when.field]);
}

/** A field's json and text, blank (null, '') on events it does not apply to, and that test. */
function blankWhereNotApplying(schema: TSchema, json: (e: Event) => unknown, text: (e: Event) => string): Pick<RunField, 'json' | 'text' | 'applies'> {
  const applies = appliesTest(schema);
  if (!applies) return { json, text };
  return { json: (e) => (applies(e) ? json(e) : null), text: (e) => (applies(e) ? text(e) : ''), applies };
}

function valueField(f: EventField, schema: TSchema = f.schema): RunField {
  const { name } = f;
  const kind = annotation<string>(f.schema, 'kind');
  return {
    name,
    schema,
    source: name,
    form: 'value',
    ...(kind !== undefined ? { kind } : {}),
    ...(f.addedBy !== undefined ? { addedBy: f.addedBy } : {}),
    ...blankWhereNotApplying(f.schema, (e) => e[name], (e) => valueText(e[name])),
    raw: (e: Event) => e[name],
  };
}

/**
 * The fields a run shows, in order: for each event field whose kind has a
 * readable form, the readable form under its name and the raw value under
 * `<name>Raw` (hidden by default), right after it; every other field as is.
 * Unknown kinds and annotations pass through untouched.
 */
export function runFields(fields: readonly EventField[], ctx: KindContext): RunField[] {
  const taken = new Set(fields.map((f) => f.name));
  const out: RunField[] = [];
  for (const f of fields) {
    const kind = annotation<string>(f.schema, 'kind');
    const format = kindFormat(kind);
    if (!format || !fits(kind!, f.schema)) {
      out.push(valueField(f));
      continue;
    }
    if (format.identity) {
      const width = annotation<number>(f.schema, 'width') ?? format.width(ctx);
      out.push(valueField(f, { ...f.schema, width, align: annotation(f.schema, 'align') ?? format.align } as TSchema));
      continue;
    }
    const source = f.name;
    const rawName = taken.has(rawFieldName(source)) ? undefined : rawFieldName(source);
    // a value the event lacks is shown as nothing, and written as null
    const text = (e: Event) => (e[source] === undefined || e[source] === null ? '' : format.text(e[source], ctx));
    const readable = format.json ?? format.text;
    const json = (e: Event) => (e[source] === undefined || e[source] === null ? null : readable(e[source], ctx));
    const parse = format.parse ? (input: string) => format.parse!(input, ctx) : undefined;
    const common = { source, kind: kind!, ...(f.addedBy !== undefined ? { addedBy: f.addedBy } : {}), raw: (e: Event) => e[source] };
    out.push({
      ...common,
      name: source,
      schema: readableSchema(f.schema, format, ctx),
      form: 'readable',
      ...(rawName ? { rawName } : {}),
      ...blankWhereNotApplying(f.schema, json, text),
      ...(parse ? { parse } : {}),
      example: format.example,
    });
    if (rawName) {
      taken.add(rawName);
      out.push({ ...common, name: rawName, schema: rawSchema(source, f.schema, format), form: 'raw', json: (e) => e[source], text: (e) => valueText(e[source]) });
    }
  }
  return out;
}
