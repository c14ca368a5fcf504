import type { GadgetDescriptor, OperatorDescriptor } from '@gadgetry/sdk';
import { ParamInvalidError } from '../errors.js';
import { clipInput } from '@gadgetry/errors';
import { paramSpecs } from './paramSpecs.js';
import { parseParams } from './parseParams.js';

export interface RunParams {
  gadgetParams: Record<string, unknown>;
  operatorParams: Map<string, Record<string, unknown>>;
  operators: OperatorDescriptor[];
}

/**
 * Splits raw params between the gadget and the operators that apply to it,
 * then validates each part against its own schema.
 */
export function resolveRunParams(
  descriptor: GadgetDescriptor,
  operators: OperatorDescriptor[],
  raw: Record<string, unknown>,
): RunParams {
  const owners = new Map<string, string>(); // flag or key -> owner ('' for the gadget)
  const flags: string[] = [];
  const own = (schema: GadgetDescriptor['params'], owner: string) => {
    for (const s of paramSpecs(schema)) {
      if (owners.has(s.flag)) continue;
      owners.set(s.flag, owner).set(s.key, owner);
      flags.push(`--${s.flag}`);
    }
  };
  own(descriptor.params, '');
  for (const op of operators) own(op.params, op.name);
  const parts = new Map<string, Record<string, unknown>>([['', {}]]);
  for (const [name, value] of Object.entries(raw)) {
    const owner = owners.get(name);
    if (owner === undefined) {
      const known = flags.join(', ') || 'none';
      throw new ParamInvalidError(`unknown param --${clipInput(name)} for gadget "${descriptor.name}"; known params: ${known}`);
    }
    if (!parts.has(owner)) parts.set(owner, {});
    parts.get(owner)![name] = value;
  }
  const gadgetParams = parseParams(descriptor.params, parts.get('')!, `gadget "${descriptor.name}"`);
  const operatorParams = new Map<string, Record<string, unknown>>();
  for (const op of operators) {
    operatorParams.set(op.name, parseParams(op.params, parts.get(op.name) ?? {}, `operator "${op.name}"`));
  }
  return { gadgetParams, operatorParams, operators };
}
