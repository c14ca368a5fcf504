import type { TSchema } from '@sinclair/typebox';
import { parseStrictInteger, parseStrictNumber } from './strictNumbers.js';

/** Returned when a command-line string is not a value of the param's type. */
export const NOT_CONVERTIBLE: unique symbol = Symbol('not convertible');

const ANY = {} as TSchema;
const TRUE = /^(true|1|yes|on)$/i;
const FALSE = /^(false|0|no|off)$/i;

function literalFor(schema: TSchema, text: string): unknown {
  const s = schema as { anyOf?: TSchema[]; const?: unknown };
  if (s.const !== undefined) return String(s.const) === text ? s.const : NOT_CONVERTIBLE;
  for (const member of s.anyOf ?? []) {
    const c = (member as { const?: unknown }).const;
    if (c !== undefined && String(c) === text) return c;
  }
  return NOT_CONVERTIBLE;
}

function fromText(schema: TSchema, text: string): unknown {
  const s = schema as { type?: string; anyOf?: TSchema[]; const?: unknown; items?: TSchema };
  const literals = s.const !== undefined || (s.anyOf?.length && s.anyOf.every((m) => (m as { const?: unknown }).const !== undefined));
  if (literals) return literalFor(schema, text);
  switch (s.type) {
    case 'integer':
      return parseStrictInteger(text) ?? NOT_CONVERTIBLE;
    case 'number':
      return parseStrictNumber(text) ?? NOT_CONVERTIBLE;
    case 'boolean':
      return TRUE.test(text) ? true : FALSE.test(text) ? false : NOT_CONVERTIBLE;
    case 'array': {
      if (text.trim() === '') return [];
      const items = text.split(',').map((p) => convertParam(s.items ?? ANY, p.trim()));
      // "1,,2": an empty item is a typo, not a value to drop
      return items.some((v) => v === NOT_CONVERTIBLE || v === '') ? NOT_CONVERTIBLE : items;
    }
    default:
      return text;
  }
}

/**
 * Turns a raw param (a command-line string, or a typed value from the API)
 * into a value of its schema's type, strictly: "1.9" is not an integer and
 * "1e3" not a number, rather than 1 as a lenient conversion would give.
 * Typed values are returned as they are for the schema check to judge.
 */
export function convertParam(schema: TSchema, value: unknown): unknown {
  if (typeof value === 'string') return fromText(schema, value);
  const s = schema as { type?: string; items?: TSchema };
  if (s.type === 'array' && Array.isArray(value)) {
    const items = value.map((v) => convertParam(s.items ?? ANY, v));
    return items.includes(NOT_CONVERTIBLE) ? NOT_CONVERTIBLE : items;
  }
  return value;
}
