// What a new gadget is: checked before anything is written.

export const CATEGORIES = ['trace', 'top', 'snapshot', 'profile', 'audit', 'advise'];

/** Starting templates, each with the gadget type it implements. */
export const TEMPLATES = {
  trace: { type: 'trace', category: 'trace', summary: 'tracepoint trace gadget (events through a ring buffer)' },
  snapshot: { type: 'one-shot', category: 'snapshot', summary: 'iterator snapshot gadget (one table from a BPF task iterator)' },
  top: { type: 'trace-intervals', category: 'top', summary: 'interval top gadget (counters in a map, a table every interval)' },
  profile: { type: 'profile', category: 'profile', summary: 'histogram profile gadget (log2 histograms in a map, shown as bars at the end)' },
  operator: { summary: 'operator package (adds a field to the events of gadgets with a pid; no BPF)' },
};

const TEMPLATE_OF_TYPE = Object.fromEntries(Object.entries(TEMPLATES).filter(([, v]) => v.type).map(([k, v]) => [v.type, k]));

export class GeneratorError extends Error {
  code = 'GENERATOR_INVALID';
}

/** An operator has no gadget type or category: only a name, a description and a package. */
function operatorOptions(o, name) {
  if (o.type || o.category) throw new GeneratorError('--type and --category are for gadgets; an operator package has neither (drop them, or pick a gadget template)');
  const description = (o.description ?? '').trim() || `The ${name} operator`;
  if (description.includes('\n')) throw new GeneratorError('the description must be one line');
  const packageName = o.packageName ?? `gadgetry-operator-${name}`;
  if (!/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/.test(packageName)) {
    throw new GeneratorError(`invalid npm package name "${packageName}"`);
  }
  return { name, description, template: 'operator', packageName };
}

/**
 * Fills defaults and checks every option; throws GeneratorError with one line
 * saying what is wrong and what is allowed.
 * @param {{ name?: string, description?: string, category?: string, type?: string, template?: string, packageName?: string }} o
 */
export function resolveOptions(o) {
  const name = o.name ?? '';
  if (!/^[a-z][a-z0-9_]*$/.test(name) || name.length > 40) {
    throw new GeneratorError(
      `invalid gadget name "${name}": use lower-case letters, digits and _, starting with a letter (e.g. trace_signal)`,
    );
  }
  let template = o.template;
  if (!template && o.type) template = TEMPLATE_OF_TYPE[o.type];
  template ??= 'trace';
  const t = TEMPLATES[template];
  if (!t) throw new GeneratorError(`unknown template "${template}"; use one of: ${Object.keys(TEMPLATES).join(', ')}`);
  if (template === 'operator') return operatorOptions(o, name);
  if (o.type && o.type !== t.type) {
    const fits = TEMPLATE_OF_TYPE[o.type];
    throw new GeneratorError(
      `type "${o.type}" does not fit template "${template}" (a ${t.type} gadget)` +
        (fits ? `; use --template ${fits}` : `; types with a template: ${Object.keys(TEMPLATE_OF_TYPE).join(', ')}`),
    );
  }
  const category = o.category ?? t.category;
  if (!CATEGORIES.includes(category)) throw new GeneratorError(`unknown category "${category}"; use one of: ${CATEGORIES.join(', ')}`);
  const description = (o.description ?? '').trim() || `The ${name} gadget`;
  if (description.includes('\n')) throw new GeneratorError('the description must be one line');
  const packageName = o.packageName ?? `gadget-${name}`;
  if (!/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/.test(packageName)) {
    throw new GeneratorError(`invalid npm package name "${packageName}"`);
  }
  return { name, description, category, type: t.type, template, packageName };
}
