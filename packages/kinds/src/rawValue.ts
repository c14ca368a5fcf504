import { valueText } from './valueText.js';

/** A raw value as an integer (number or BigInt), or undefined when it is not one. */
export function integerOf(raw: unknown): number | bigint | undefined {
  if (typeof raw === 'number') return Number.isInteger(raw) ? raw : undefined;
  if (typeof raw === 'bigint') return raw;
  return undefined;
}

/** A raw value as a safe JS integer, or undefined. */
export function smallIntegerOf(raw: unknown): number | undefined {
  const n = integerOf(raw);
  if (typeof n === 'bigint') return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : undefined;
  return n;
}

/** What a raw value shows as when a kind cannot name it: its digits, or its text (never throws). */
export function plainText(raw: unknown): string {
  return valueText(raw);
}

/** A whole number as a user writes it: decimal, 0x hex or 0o octal; undefined otherwise. */
export function parseInteger(input: string): number | bigint | undefined {
  const t = input.trim();
  if (!/^-?(\d+|0x[0-9a-f]+|0o[0-7]+)$/i.test(t)) return undefined;
  const negative = t.startsWith('-');
  const value = BigInt(negative ? t.slice(1) : t);
  const signed = negative ? -value : value;
  return signed >= BigInt(Number.MIN_SAFE_INTEGER) && signed <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(signed) : signed;
}
