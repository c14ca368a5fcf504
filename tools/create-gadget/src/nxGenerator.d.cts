import type { Tree } from 'nx/src/devkit-exports.js';

/** The options `nx g @gadgetry/create-gadget:gadget` takes (see nxGeneratorSchema.json). */
export interface GadgetGeneratorOptions {
  name: string;
  template?: 'trace' | 'snapshot' | 'top' | 'profile' | 'operator';
  description?: string;
  category?: string;
  type?: string;
  packageName?: string;
}

/** Writes gadgets/<name> (an operator: packages/operator-<name>) and its changeset into the workspace tree; returns what nx prints afterwards. */
declare function gadgetGenerator(tree: Tree, schema: GadgetGeneratorOptions): Promise<() => void>;
export = gadgetGenerator;
