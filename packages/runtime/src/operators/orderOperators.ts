import type { OperatorDescriptor } from '@gadgetry/sdk';
import { OperatorDependencyError } from '../errors.js';

/**
 * Orders operators so each runs after the ones it depends on; ties keep the
 * given order. A missing dependency or a cycle is an error naming the operators.
 */
export function orderOperators(operators: OperatorDescriptor[]): OperatorDescriptor[] {
  const byName = new Map(operators.map((o) => [o.name, o]));
  const state = new Map<string, 'visiting' | 'done'>();
  const out: OperatorDescriptor[] = [];
  const visit = (op: OperatorDescriptor, path: string[]) => {
    const s = state.get(op.name);
    if (s === 'done') return;
    if (s === 'visiting') throw new OperatorDependencyError(`operator dependency cycle: ${[...path, op.name].join(' -> ')}`);
    state.set(op.name, 'visiting');
    for (const dep of op.dependencies ?? []) {
      const d = byName.get(dep);
      if (!d) throw new OperatorDependencyError(`operator "${op.name}" depends on "${dep}", which is not installed`);
      visit(d, [...path, op.name]);
    }
    state.set(op.name, 'done');
    out.push(op);
  };
  for (const op of operators) visit(op, []);
  return out;
}
