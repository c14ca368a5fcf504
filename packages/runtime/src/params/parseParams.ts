import type { TObject, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ParamInvalidError } from '../errors.js';
import { paramSpecs, typeName } from './paramSpecs.js';

function convertOne(schema: TSchema, value: unknown): unknown {
  const s = schema as { type?: string; items?: TSchema };
  if (s.type === 'array' && typeof value === 'string') {
    const parts = value === '' ? [] : value.split(',').map((p) => p.trim());
    return parts.map((p) => Value.Convert(s.items!, p));
  }
  if (s.type === 'boolean' && typeof value === 'string') {
    // accept the spellings people type on a command line
    if (/^(1|yes|on)$/i.test(value)) return true;
    if (/^(0|no|off)$/i.test(value)) return false;
  }
  return Value.Convert(schema, value);
}

function shown(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

/**
 * Turns raw params (CLI strings or API values, keyed by flag or key) into the
 * validated, typed params object: converts strings, applies defaults, and
 * rejects unknown names and bad values with a message naming the param.
 */
export function parseParams<T = Record<string, unknown>>(
  schema: TObject,
  raw: Record<string, unknown>,
  owner: string,
): T {
  const specs = paramSpecs(schema);
  const byName = new Map<string, (typeof specs)[number]>();
  for (const s of specs) {
    byName.set(s.key, s);
    byName.set(s.flag, s);
  }
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const spec = byName.get(name);
    if (!spec) {
      const known = specs.map((s) => `--${s.flag}`).join(', ') || 'none';
      throw new ParamInvalidError(`unknown param --${name} for ${owner}; known params: ${known}`);
    }
    const fieldSchema = schema.properties[spec.key]!;
    const converted = convertOne(fieldSchema, value);
    if (!Value.Check(fieldSchema, converted)) {
      const err = Value.Errors(fieldSchema, converted).First();
      const allowed = spec.choices ? `one of ${spec.choices.join(', ')}` : typeName(fieldSchema);
      const detail = err && !spec.choices ? ` (${err.message.toLowerCase()})` : '';
      throw new ParamInvalidError(`invalid value ${shown(value)} for --${spec.flag} of ${owner}: expected ${allowed}${detail}`);
    }
    out[spec.key] = converted;
  }
  const withDefaults = Value.Default(schema, out) as Record<string, unknown>;
  for (const spec of specs) {
    if (spec.required && withDefaults[spec.key] === undefined) {
      throw new ParamInvalidError(`missing required param --${spec.flag} for ${owner} (${spec.type})`);
    }
  }
  if (!Value.Check(schema, withDefaults)) {
    const err = Value.Errors(schema, withDefaults).First();
    throw new ParamInvalidError(`invalid params for ${owner}: ${err?.path ?? ''} ${err?.message ?? ''}`.trim());
  }
  return withDefaults as T;
}
