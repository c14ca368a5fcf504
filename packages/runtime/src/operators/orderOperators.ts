import type { OperatorDescriptor } from '@gadgetry/sdk';
import { OperatorDependencyError } from '../errors.js';

/** The built-in filter: every operator not ordered after it runs before it, so --filter sees its fields. */
export const FILTER_OPERATOR = 'filter';

/**
 * Orders operators so each runs after its `dependencies` and before the
 * operators it names in `before` (those not installed are ignored); an
 * operator that does not come after the built-in `filter` through those
 * runs before it. Ties keep the given order. A missing dependency or a cycle
 * is an error naming the operators.
 */
export function orderOperators(operators: OperatorDescriptor[]): OperatorDescriptor[] {
  const byName = new Map(operators.map((o) => [o.name, o]));
  // after.get(x): the operators x must run after
  const after = new Map<string, string[]>(operators.map((o) => [o.name, []]));
  for (const op of operators) {
    for (const dep of op.dependencies ?? []) {
      if (!byName.has(dep)) throw new OperatorDependencyError(`operator "${op.name}" depends on "${dep}", which is not installed`);
      after.get(op.name)!.push(dep);
    }
    for (const later of op.before ?? []) if (byName.has(later) && later !== op.name) after.get(later)!.push(op.name);
  }
  if (byName.has(FILTER_OPERATOR)) {
    const afterFilter = new Set<string>();
    const isAfterFilter = (name: string, seen = new Set<string>()): boolean => {
      if (afterFilter.has(name)) return true;
      if (seen.has(name)) return false;
      seen.add(name);
      const yes = after.get(name)!.some((d) => d === FILTER_OPERATOR || isAfterFilter(d, seen));
      if (yes) afterFilter.add(name);
      return yes;
    };
    const filterDeps = after.get(FILTER_OPERATOR)!;
    for (const op of operators) {
      if (op.name !== FILTER_OPERATOR && !isAfterFilter(op.name) && !filterDeps.includes(op.name)) filterDeps.push(op.name);
    }
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const out: OperatorDescriptor[] = [];
  const visit = (op: OperatorDescriptor, path: string[]) => {
    const s = state.get(op.name);
    if (s === 'done') return;
    if (s === 'visiting') throw new OperatorDependencyError(`operator order has a cycle: ${[...path, op.name].join(' -> ')} (see their dependencies and before lists)`);
    state.set(op.name, 'visiting');
    for (const dep of after.get(op.name)!) visit(byName.get(dep)!, [...path, op.name]);
    state.set(op.name, 'done');
    out.push(op);
  };
  for (const op of operators) visit(op, []);
  return out;
}
