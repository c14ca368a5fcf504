// nx generator: `npx nx g @gadgetry/create-gadget:gadget trace_signal --template trace`
// (`--template operator` writes an operator package under packages/operator-<name>).
// nx loads generators with require(); the shared ESM modules are loaded with require(esm).
const { resolveOptions } = require('./options.mjs');
const { renderGadget } = require('./renderGadget.mjs');
const { renderOperator } = require('./renderOperator.mjs');

module.exports = async function gadgetGenerator(tree, schema) {
  const o = resolveOptions(schema);
  const operator = o.template === 'operator';
  const root = operator ? `packages/operator-${o.name}` : `gadgets/${o.name}`;
  if (tree.exists(root) && tree.children(root).length > 0) {
    throw new Error(`${root} already exists and is not empty; choose another name`);
  }
  const packageName = schema.packageName ?? (operator ? `@gadgetry/operator-${o.name}` : `@gadgetry/gadget-${o.name}`);
  const render = operator ? renderOperator : renderGadget;
  for (const [path, text] of render({ ...o, packageName }, { standalone: false })) {
    tree.write(path.startsWith('../../') ? path.slice('../../'.length) : `${root}/${path}`, text);
  }
  return () => console.log(`Created ${root}; run: npm install && npx nx build ${packageName} && npx nx test ${packageName}`);
};
