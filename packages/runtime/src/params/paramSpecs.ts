import type { TObject, TSchema } from '@sinclair/typebox';

export interface ParamSpec {
  /** Key in the params object (camelCase). */
  key: string;
  /** Command-line flag without dashes (kebab-case). */
  flag: string;
  /** Short type name for help: integer, number, string, boolean, string[], or the enum. */
  type: string;
  /** Allowed values of an enum param. */
  choices?: string[];
  /** Bounds of a numeric param (or of the items of a numeric list), e.g. "1..2147483647" or ">= 1". */
  range?: string;
  default?: unknown;
  description: string;
  required: boolean;
}

export const toFlag = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/_/g, '-');

function literalChoices(schema: TSchema): string[] | undefined {
  const s = schema as { anyOf?: TSchema[]; const?: unknown; enum?: unknown[] };
  if (Array.isArray(s.enum)) return s.enum.map(String);
  if (!Array.isArray(s.anyOf)) return undefined;
  const values = s.anyOf.map((m) => (m as { const?: unknown }).const);
  return values.every((v) => v !== undefined) ? values.map(String) : undefined;
}

export function typeName(schema: TSchema): string {
  const choices = literalChoices(schema);
  if (choices) return choices.join('|');
  const t = (schema as { type?: string; items?: TSchema }).type;
  const items = (schema as { items?: TSchema }).items;
  if (t === 'array') return items ? `${typeName(items)}[]` : 'array';
  return t ?? 'value';
}

interface Bounds {
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: TSchema;
}

/** The bounds a numeric schema (or the items of a list schema) puts on values, as people write them. */
export function rangeText(schema: TSchema): string | undefined {
  const s = schema as Bounds & { type?: string };
  if (s.type === 'array') return s.items ? rangeText(s.items) : undefined;
  if (s.minimum !== undefined && s.maximum !== undefined) return `${s.minimum}..${s.maximum}`;
  const parts: string[] = [];
  if (s.minimum !== undefined) parts.push(`>= ${s.minimum}`);
  if (s.exclusiveMinimum !== undefined) parts.push(`> ${s.exclusiveMinimum}`);
  if (s.maximum !== undefined) parts.push(`<= ${s.maximum}`);
  if (s.exclusiveMaximum !== undefined) parts.push(`< ${s.exclusiveMaximum}`);
  return parts.length ? parts.join(', ') : undefined;
}

/** The params of a schema as the CLI and `describe` present them. */
export function paramSpecs(schema: TObject): ParamSpec[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).map(([key, s]) => {
    const range = rangeText(s);
    const text = (s as { description?: string }).description ?? '';
    const spec: ParamSpec = {
      key,
      flag: toFlag(key),
      type: typeName(s),
      // the range shows wherever the description does (describe, run --help)
      description: range ? `${text}${text ? ' ' : ''}(${range})` : text,
      required: required.has(key) && (s as { default?: unknown }).default === undefined,
    };
    const choices = literalChoices(s);
    if (choices) spec.choices = choices;
    if (range) spec.range = range;
    if ((s as { default?: unknown }).default !== undefined) spec.default = (s as { default?: unknown }).default;
    return spec;
  });
}
