import { fieldAnnotations, type FieldAnnotations, type GadgetDescriptor, type OperatorFieldSpec } from '@gadgetry/sdk';
import type { TSchema } from '@sinclair/typebox';
import { UsageError } from '../errors.js';
import { quoteInput } from '@gadgetry/errors';

export interface FieldInfo extends FieldAnnotations {
  name: string;
  schema: TSchema;
}

/** Every event field: the gadget's own, then those operators add. */
export function eventFields(descriptor: GadgetDescriptor, added: OperatorFieldSpec[] = []): FieldInfo[] {
  const own = Object.entries(descriptor.event.properties).map(([name, schema]) => ({
    name,
    schema,
    ...fieldAnnotations(schema),
  }));
  const out: FieldInfo[] = [...own];
  for (const f of added) {
    if (out.some((x) => x.name === f.name)) continue;
    const info = { name: f.name, schema: f.schema, ...fieldAnnotations(f.schema) };
    const anchor = f.after ? out.findIndex((x) => x.name === f.after) : -1;
    if (f.after === '') out.unshift(info);
    else if (anchor >= 0) out.splice(anchor + 1, 0, info);
    else out.push(info);
  }
  return out;
}

/**
 * The fields to show: the `--fields` list in its order, or every field not
 * hidden. An unknown name is a usage error listing the known ones.
 */
export function selectFields(all: FieldInfo[], wanted?: string[]): FieldInfo[] {
  if (!wanted || wanted.length === 0) return all.filter((f) => !f.hidden);
  const byName = new Map(all.map((f) => [f.name, f]));
  return wanted.map((name) => {
    const f = byName.get(name);
    if (!f) throw new UsageError(`unknown field ${quoteInput(name)} in --fields; available: ${all.map((x) => x.name).join(', ')}`);
    return f;
  });
}
