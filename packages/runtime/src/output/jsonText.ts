// JSON.rawJSON (Node 21+) is not in the ES2023 lib typings yet.
declare global {
  interface JSON {
    rawJSON(text: string): unknown;
  }
}

/** BigInt -> a raw JSON number with all its digits (JSON.stringify throws on BigInt). */
const exactBigInt = (_key: string, value: unknown) => (typeof value === 'bigint' ? JSON.rawJSON(value.toString()) : value);

/**
 * JSON.stringify for event values: a BigInt (a u64 beyond 2^53) is written as
 * a JSON number with every digit, not rounded and not quoted.
 */
export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value, exactBigInt, indent) ?? 'null';
}
