import type { GadgetDescriptor, OperatorDescriptor, TSchema } from '@gadgetry/sdk';
import { paramSpecs } from '../params/paramSpecs.js';
import { runOperators } from '../operators/runFieldsOf.js';
import { orderedEventFields } from '../output/fields.js';
import { GADGET_INFO_VERSION, type GadgetInfo, type ParamInfo } from './GadgetInfo.js';

/** A value as JSON carries it: what survives JSON.stringify (symbol keys and functions do not). */
function plainJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as T;
}

function paramInfos(schema: GadgetDescriptor['params']): ParamInfo[] {
  return plainJson(paramSpecs(schema));
}

/** The GadgetInfo of a gadget and the operators offered to it (those that do not apply are left out). */
export function gadgetInfoOf(descriptor: GadgetDescriptor, operators: OperatorDescriptor[], pkg: { name: string; version: string }): GadgetInfo {
  const applying = runOperators(descriptor, operators);
  const added = applying.flatMap((o) => (o.fields?.(descriptor) ?? []).map((f) => ({ ...f, addedBy: o.name })));
  const info: GadgetInfo = {
    version: GADGET_INFO_VERSION,
    name: descriptor.name,
    description: descriptor.description,
    category: descriptor.category,
    type: descriptor.type,
    package: { name: pkg.name, version: pkg.version },
    params: paramInfos(descriptor.params),
    operators: applying.map((o) => ({ name: o.name, description: o.description, params: paramInfos(o.params) })),
    fields: orderedEventFields(descriptor, added).map((f) => ({
      name: f.name,
      schema: plainJson(f.schema as TSchema) as Record<string, unknown>,
      ...(f.addedBy !== undefined ? { addedBy: f.addedBy } : {}),
    })),
  };
  if (descriptor.result !== undefined) info.result = descriptor.result;
  if (descriptor.resultMetric !== undefined) info.resultMetric = { name: descriptor.resultMetric.name, description: descriptor.resultMetric.description };
  if (descriptor.defaultSort?.length) info.defaultSort = [...descriptor.defaultSort];
  return info;
}
