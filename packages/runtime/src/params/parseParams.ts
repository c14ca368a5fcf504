import type { TObject } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ParamInvalidError } from '../errors.js';
import { clipInput, quoteInput } from '@gadgetry/errors';
import { NOT_CONVERTIBLE, convertParam } from './convertParam.js';
import { paramSpecs, type ParamSpec } from './paramSpecs.js';

/** A raw value as a message shows it: strings quoted, everything escaped and cut short. */
function shown(value: unknown): string {
  if (typeof value === 'string') return quoteInput(value);
  let text: string | undefined;
  try {
    text = typeof value === 'object' ? JSON.stringify(value) : undefined;
  } catch {
    text = undefined; // cycles, BigInt inside
  }
  return clipInput(text ?? String(value));
}

/** What a param accepts, as an error message says it. */
function allowed(spec: ParamSpec): string {
  if (spec.choices) return `one of ${spec.choices.join(', ')}`;
  return spec.range ? `${spec.type} (${spec.range})` : spec.type;
}

/**
 * Turns raw params (CLI strings or API values, keyed by flag or key) into the
 * validated, typed params object: converts strings strictly, applies
 * defaults, and rejects unknown names and bad values with one line naming
 * the param, the value and what it accepts.
 */
export function parseParams<T = Record<string, unknown>>(
  schema: TObject,
  raw: Record<string, unknown>,
  owner: string,
): T {
  const specs = paramSpecs(schema);
  const byName = new Map<string, ParamSpec>();
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
      throw new ParamInvalidError(`unknown param --${clipInput(name)} for ${owner}; known params: ${known}`);
    }
    const fieldSchema = schema.properties[spec.key]!;
    const converted = convertParam(fieldSchema, value);
    if (converted === NOT_CONVERTIBLE || !Value.Check(fieldSchema, converted)) {
      const err = converted === NOT_CONVERTIBLE ? undefined : Value.Errors(fieldSchema, converted).First();
      // TypeBox's words only where the type and range do not already say what is wrong; only the
      // first letter is lowered: the rest may quote a pattern or a value, whose case matters
      const words = err ? `${err.message.charAt(0).toLowerCase()}${err.message.slice(1)}` : undefined;
      const detail = words && !spec.choices && !spec.range && words !== `expected ${spec.type}` ? ` (${words})` : '';
      throw new ParamInvalidError(`invalid value ${shown(value)} for --${spec.flag} of ${owner}: expected ${allowed(spec)}${detail}`);
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
