import type { RunField, TSchema } from '@gadgetry/sdk';
import { quoteInput } from '@gadgetry/errors';
import { compareValues, sameValue } from './compareValues.js';
import { OperatorParamError } from './OperatorParamError.js';
import { asRunFields } from './plainFields.js';

type Row = Record<string, unknown>;
export type Predicate = (row: Row) => boolean;

const OPS = ['!~', '>=', '<=', '!', '~', '>', '<'] as const;
type Op = (typeof OPS)[number] | '=';

const isNumeric = (s: TSchema | undefined) => {
  const t = (s as { type?: string } | undefined)?.type;
  return t === 'integer' || t === 'number' || t === 'bigint';
};

/** A number as typed: exact (a BigInt) when it is a whole number beyond 2^53. */
function numberOf(raw: string): number | bigint | undefined {
  const t = raw.trim();
  if (t === '') return undefined;
  if (/^-?\d+$/.test(t)) {
    const b = BigInt(t);
    return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
  }
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

function ordered(op: Op, get: (r: Row) => unknown, value: unknown): Predicate {
  switch (op) {
    case '>': return (r) => compareValues(get(r), value) > 0;
    case '>=': return (r) => compareValues(get(r), value) >= 0;
    case '<': return (r) => compareValues(get(r), value) < 0;
    default: return (r) => compareValues(get(r), value) <= 0;
  }
}

function regex(raw: string, field: string, expr: string): RegExp {
  try {
    return new RegExp(raw);
  } catch (err) {
    // V8 repeats the whole pattern before the reason ("...: /(/: Unterminated group"): keep the reason
    const msg = (err as Error).message;
    const tail = msg.slice(msg.lastIndexOf(': ') + 2);
    const reason = /^[\w ,.'-]{1,80}$/.test(tail) ? tail : 'not a valid pattern';
    throw new OperatorParamError(`bad regular expression in --filter ${quoteInput(expr)} for field "${field}": ${reason}`);
  }
}

/**
 * One comparison. Patterns (~, !~) match the text a column shows (a kind's
 * readable form: `error:~^EACC`). `=` and `!` on a kind's readable form hold
 * when the text is the value given or the raw value is what it reads as
 * (`error:ENOENT`, `error:2`, `signal:TERM`); <, >... compare raw values
 * with what the value given reads as (`duration:>1.5ms`, `timestamp:>14:05`).
 */
function compile(f: RunField, op: Op, raw: string, expr: string): Predicate {
  const { name } = f;
  if (op === '~' || op === '!~') {
    const re = regex(raw, name, expr);
    return op === '~' ? (r) => re.test(f.text(r)) : (r) => !re.test(f.text(r));
  }
  if (f.form === 'readable') {
    const parsed = f.parse?.(raw);
    if (op === '=' || op === '!') {
      const eq: Predicate = parsed === undefined ? (r) => f.text(r) === raw : (r) => f.text(r) === raw || sameValue(f.raw(r), parsed);
      return op === '=' ? eq : (r) => !eq(r);
    }
    if (parsed === undefined) {
      throw new OperatorParamError(`field "${name}" (kind ${f.kind}) cannot be compared with ${quoteInput(raw)} in --filter ${quoteInput(expr)}; give ${f.example ?? 'a number'}`);
    }
    return ordered(op, f.raw, parsed);
  }
  if (isNumeric(f.schema)) {
    const n = numberOf(raw);
    if (n === undefined) throw new OperatorParamError(`field "${name}" is a number, but --filter ${quoteInput(expr)} compares it with ${quoteInput(raw)}`);
    if (op === '=') return (r) => sameValue(f.raw(r), n);
    if (op === '!') return (r) => !sameValue(f.raw(r), n);
    return ordered(op, f.raw, n);
  }
  switch (op) {
    case '=': return (r) => f.text(r) === raw;
    case '!': return (r) => f.text(r) !== raw;
    case '>': return (r) => f.text(r) > raw;
    case '>=': return (r) => f.text(r) >= raw;
    case '<': return (r) => f.text(r) < raw;
    default: return (r) => f.text(r) <= raw;
  }
}

export interface FilterFieldOptions {
  /** Why a field known to the run cannot be used here (it is set after the filter runs), by name. */
  unavailable?: ReadonlyMap<string, string>;
}

/**
 * Parses Inspektor Gadget-style filters: `field:value`, `field:!value`,
 * `field:~regex`, `field:!~regex`, `field:>=N` (also >, <, <=), several
 * joined by commas, all of which must hold. `fields` are a run's fields
 * (kinds with their readable form and raw twin) or plain schemas by name.
 * Errors name the field or operator.
 */
export function parseFilter(expr: string, fields: readonly RunField[] | Record<string, TSchema>, options: FilterFieldOptions = {}): Predicate {
  if (expr.trim() === '') throw new OperatorParamError('empty --filter; use field:value, e.g. --filter comm:bash');
  const list = asRunFields(fields);
  const byName = new Map(list.map((f) => [f.name, f]));
  const parts = expr.split(',').map((p) => p.trim());
  if (parts.includes('')) {
    throw new OperatorParamError(`empty expression in --filter ${quoteInput(expr)}; join field:value expressions with single commas`);
  }
  const predicates = parts.map((part) => {
    const colon = part.indexOf(':');
    if (colon <= 0) {
      throw new OperatorParamError(`bad --filter ${quoteInput(part)}: expected field:value (operators: value, !value, ~regex, !~regex, >N, >=N, <N, <=N)`);
    }
    const name = part.slice(0, colon).trim();
    const why = options.unavailable?.get(name);
    if (why) throw new OperatorParamError(`field ${quoteInput(name)} cannot be used in --filter ${quoteInput(part)}: ${why}`);
    const field = byName.get(name);
    if (!field) {
      throw new OperatorParamError(`unknown field ${quoteInput(name)} in --filter ${quoteInput(part)}; fields: ${list.map((f) => f.name).join(', ')}`);
    }
    const rest = part.slice(colon + 1);
    const op = OPS.find((o) => rest.startsWith(o)) ?? '=';
    const value = op === '=' ? rest : rest.slice(op.length);
    return compile(field, op, value, part);
  });
  return predicates.length === 1 ? predicates[0]! : (r) => predicates.every((p) => p(r));
}
