import type { TSchema } from '@sinclair/typebox';
import { OperatorParamError } from './OperatorParamError.js';
import { quoteInput } from '@gadgetry/errors';

type Row = Record<string, unknown>;
export type Predicate = (row: Row) => boolean;

const OPS = ['!~', '>=', '<=', '!', '~', '>', '<'] as const;
type Op = (typeof OPS)[number] | '=';

const isNumeric = (s: TSchema | undefined) => {
  const t = (s as { type?: string } | undefined)?.type;
  return t === 'integer' || t === 'number';
};

function text(v: unknown): string {
  if (Array.isArray(v)) return v.join(' ');
  return v === undefined || v === null ? '' : String(v);
}

function compile(field: string, op: Op, raw: string, schema: TSchema | undefined, expr: string): Predicate {
  if (op === '~' || op === '!~') {
    let re: RegExp;
    try {
      re = new RegExp(raw);
    } catch (err) {
      // V8 repeats the whole pattern before the reason ("...: /(/: Unterminated group"): keep the reason
      const msg = (err as Error).message;
      const tail = msg.slice(msg.lastIndexOf(': ') + 2);
      const reason = /^[\w ,.'-]{1,80}$/.test(tail) ? tail : 'not a valid pattern';
      throw new OperatorParamError(`bad regular expression in --filter ${quoteInput(expr)} for field "${field}": ${reason}`);
    }
    return op === '~' ? (r) => re.test(text(r[field])) : (r) => !re.test(text(r[field]));
  }
  if (isNumeric(schema)) {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) {
      throw new OperatorParamError(`field "${field}" is a number, but --filter ${quoteInput(expr)} compares it with ${quoteInput(raw)}`);
    }
    switch (op) {
      case '=': return (r) => r[field] === n;
      case '!': return (r) => r[field] !== n;
      case '>': return (r) => (r[field] as number) > n;
      case '>=': return (r) => (r[field] as number) >= n;
      case '<': return (r) => (r[field] as number) < n;
      case '<=': return (r) => (r[field] as number) <= n;
    }
  }
  switch (op) {
    case '=': return (r) => text(r[field]) === raw;
    case '!': return (r) => text(r[field]) !== raw;
    case '>': return (r) => text(r[field]) > raw;
    case '>=': return (r) => text(r[field]) >= raw;
    case '<': return (r) => text(r[field]) < raw;
    case '<=': return (r) => text(r[field]) <= raw;
  }
  return () => true;
}

/**
 * Parses Inspektor Gadget-style filters: `field:value`, `field:!value`,
 * `field:~regex`, `field:!~regex`, `field:>=N` (also >, <, <=), several
 * joined by commas, all of which must hold. Errors name the field or operator.
 */
export function parseFilter(expr: string, fields: Record<string, TSchema>): Predicate {
  if (expr.trim() === '') throw new OperatorParamError('empty --filter; use field:value, e.g. --filter comm:bash');
  const parts = expr.split(',').map((p) => p.trim());
  if (parts.includes('')) {
    throw new OperatorParamError(`empty expression in --filter ${quoteInput(expr)}; join field:value expressions with single commas`);
  }
  const predicates = parts.map((part) => {
    const colon = part.indexOf(':');
    if (colon <= 0) {
      throw new OperatorParamError(`bad --filter ${quoteInput(part)}: expected field:value (operators: value, !value, ~regex, !~regex, >N, >=N, <N, <=N)`);
    }
    const field = part.slice(0, colon).trim();
    if (!Object.hasOwn(fields, field)) {
      throw new OperatorParamError(`unknown field ${quoteInput(field)} in --filter ${quoteInput(part)}; fields: ${Object.keys(fields).join(', ')}`);
    }
    const rest = part.slice(colon + 1);
    const op = OPS.find((o) => rest.startsWith(o)) ?? '=';
    const value = op === '=' ? rest : rest.slice(op.length);
    return compile(field, op, value, fields[field], part);
  });
  return predicates.length === 1 ? predicates[0]! : (r) => predicates.every((p) => p(r));
}
