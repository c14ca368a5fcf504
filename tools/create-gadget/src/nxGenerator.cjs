// nx generator: `npx nx g @gadgetry/create-gadget:gadget trace_signal --template trace`.
// nx loads generators with require(); the shared ESM modules are loaded with require(esm).
const { resolveOptions } = require('./options.mjs');
const { renderGadget } = require('./renderGadget.mjs');

module.exports = async function gadgetGenerator(tree, schema) {
  const o = resolveOptions(schema);
  const root = `gadgets/${o.name}`;
  if (tree.exists(root) && tree.children(root).length > 0) {
    throw new Error(`${root} already exists and is not empty; choose another name`);
  }
  const packageName = schema.packageName ?? `@gadgetry/gadget-${o.name}`;
  for (const [path, text] of renderGadget({ ...o, packageName }, { standalone: false })) {
    tree.write(path.startsWith('../../') ? path.slice('../../'.length) : `${root}/${path}`, text);
  }
  return () => console.log(`Created ${root}; run: npm install && npx nx build ${packageName} && npx nx test ${packageName}`);
};
