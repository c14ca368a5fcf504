import type { TBigInt, TInteger } from '@sinclair/typebox';

/**
 * Marks the schema of a field read from a 64-bit struct member. Registered
 * (Symbol.for) so two copies of the SDK agree; not enumerable, so it never
 * shows in the schema's JSON.
 */
export const INT64_FIELD: unique symbol = Symbol.for('gadgetry.int64Field') as never;

/** The schema of a field read from a 64-bit member: a number or a BigInt, which `defineEvent` may swap. */
export type Int64Field<T extends TInteger | TBigInt = TInteger | TBigInt> = T & { readonly [INT64_FIELD]: true };

/**
 * Marks `schema` as read from a 64-bit member (the generated event schemas
 * use it), so an event overlay may choose `int64: 'number' | 'bigint'` for it.
 * Returns the same object.
 */
export function int64<T extends TInteger | TBigInt>(schema: T): Int64Field<T> {
  Object.defineProperty(schema, INT64_FIELD, { value: true, enumerable: false });
  return schema as Int64Field<T>;
}

/** True for a schema marked with int64(). */
export function isInt64Field(schema: object): boolean {
  return (schema as { [INT64_FIELD]?: boolean })[INT64_FIELD] === true;
}
