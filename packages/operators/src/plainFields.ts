import type { RunField, TSchema } from '@gadgetry/sdk';

const text = (v: unknown): string => (Array.isArray(v) ? v.map(text).join(' ') : v === undefined || v === null ? '' : String(v));

/** Fields shown as they are, for callers that have schemas rather than a run's fields. */
export function plainFields(fields: Record<string, TSchema>): RunField[] {
  return Object.entries(fields).map(([name, schema]) => ({
    name,
    schema,
    source: name,
    form: 'value',
    json: (e) => e[name],
    text: (e) => text(e[name]),
    raw: (e) => e[name],
  }));
}

/** The fields a caller gave, as a list: a run's fields, or schemas by name. */
export const asRunFields = (fields: readonly RunField[] | Record<string, TSchema>): readonly RunField[] => (Array.isArray(fields) ? (fields as readonly RunField[]) : plainFields(fields as Record<string, TSchema>));
