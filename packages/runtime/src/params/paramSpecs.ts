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

/** The params of a schema as the CLI and `describe` present them. */
export function paramSpecs(schema: TObject): ParamSpec[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).map(([key, s]) => {
    const spec: ParamSpec = {
      key,
      flag: toFlag(key),
      type: typeName(s),
      description: (s as { description?: string }).description ?? '',
      required: required.has(key) && (s as { default?: unknown }).default === undefined,
    };
    const choices = literalChoices(s);
    if (choices) spec.choices = choices;
    if ((s as { default?: unknown }).default !== undefined) spec.default = (s as { default?: unknown }).default;
    return spec;
  });
}
