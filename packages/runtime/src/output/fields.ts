import { fieldAnnotations, type FieldAnnotations, type GadgetDescriptor, type OperatorFieldSpec, type RunField } from '@gadgetry/sdk';
import { runFields, type EventField, type KindContext } from '@gadgetry/kinds';
import { UsageError } from '../errors.js';
import { quoteInput } from '@gadgetry/errors';

/** One field of a run as outputs show it: how to read it (RunField) and how to lay it out (its annotations). */
export interface FieldInfo extends RunField, Omit<FieldAnnotations, 'kind'> {}

/** A field an operator adds, with the operator's name. */
export interface AddedField extends OperatorFieldSpec {
  addedBy?: string;
}

/** The event fields of a run before kinds apply: the gadget's own, then those operators add, each placed after the field it names. */
export function orderedEventFields(descriptor: GadgetDescriptor, added: AddedField[] = []): EventField[] {
  const out: EventField[] = Object.entries(descriptor.event.properties).map(([name, schema]) => ({ name, schema }));
  for (const f of added) {
    if (out.some((x) => x.name === f.name)) continue;
    const field: EventField = { name: f.name, schema: f.schema, ...(f.addedBy !== undefined ? { addedBy: f.addedBy } : {}) };
    const anchor = f.after ? out.findIndex((x) => x.name === f.after) : -1;
    if (f.after === '') out.unshift(field);
    else if (anchor >= 0) out.splice(anchor + 1, 0, field);
    else out.push(field);
  }
  return out;
}

/** Ordered event fields as outputs show them: each kind that formats shown readably under its name and raw under `<name>Raw`. */
export function shownFields(fields: readonly EventField[], ctx: KindContext = {}): FieldInfo[] {
  return runFields(fields, ctx).map((f) => ({ ...f, ...fieldAnnotations(f.schema) }));
}

/**
 * Every field of a run's events: the gadget's own, then those operators add
 * (placed after the field they name), each kind that formats shown readably
 * under its name and raw under `<name>Raw` (see @gadgetry/kinds).
 */
export function eventFields(descriptor: GadgetDescriptor, added: AddedField[] = [], ctx: KindContext = {}): FieldInfo[] {
  return shownFields(orderedEventFields(descriptor, added), ctx);
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

/** For JSON and YAML: the chosen fields, each readable form followed by its raw twin, so raw values are always kept. */
export function withRawTwins(all: FieldInfo[], chosen: FieldInfo[]): FieldInfo[] {
  const names = new Set(chosen.map((f) => f.name));
  const byName = new Map(all.map((f) => [f.name, f]));
  return chosen.flatMap((f) => (f.rawName && !names.has(f.rawName) && byName.has(f.rawName) ? [f, byName.get(f.rawName)!] : [f]));
}
