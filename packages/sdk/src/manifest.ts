import { Type, type Static } from '@sinclair/typebox';
import { GADGET_CATEGORIES, GADGET_TYPES } from './descriptor.js';
import { FieldKind } from './fieldAnnotations.js';

const literals = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v)));

/**
 * The `gadgetry` field of a gadget package's package.json. It carries enough
 * to list the gadget without importing its code.
 */
export const GadgetManifest = Type.Object(
  {
    kind: Type.Optional(Type.Literal('gadget')),
    name: Type.String({ pattern: '^[a-z][a-z0-9_]*$', description: 'Gadget name used on the command line' }),
    entry: Type.String({ minLength: 1, description: 'Module (relative to the package) exporting the descriptor as default' }),
    sdk: Type.String({ minLength: 1, description: 'Semver range of @gadgetry/sdk the gadget was built against' }),
    description: Type.String(),
    category: literals(GADGET_CATEGORIES),
    type: literals(GADGET_TYPES),
  },
  { additionalProperties: true },
);
export type GadgetManifest = Static<typeof GadgetManifest>;

/**
 * Which gadgets an operator package has something to do for, so the runtime
 * imports it only for those: `"all"`, or any of field kinds in the gadget's
 * event, gadget types, gadget names (a gadget matching any one list qualifies).
 */
export const OperatorAppliesTo = Type.Union([
  Type.Literal('all'),
  Type.Object(
    {
      kinds: Type.Optional(Type.Array(FieldKind, { minItems: 1, description: 'Field kinds in the gadget event, e.g. ["uid", "gid"]' })),
      types: Type.Optional(Type.Array(literals(GADGET_TYPES), { minItems: 1, description: 'Gadget types, e.g. ["one-shot"]' })),
      gadgets: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_]*$' }), { minItems: 1, description: 'Gadget names' })),
    },
    { additionalProperties: false, minProperties: 1 },
  ),
]);
export type OperatorAppliesTo = Static<typeof OperatorAppliesTo>;

/** The `gadgetry` field of an operator package's package.json. */
export const OperatorManifest = Type.Object(
  {
    kind: Type.Literal('operator'),
    name: Type.String({ pattern: '^[a-z][a-z0-9_-]*$' }),
    entry: Type.String({ minLength: 1 }),
    sdk: Type.String({ minLength: 1 }),
    description: Type.String(),
    appliesTo: OperatorAppliesTo,
  },
  { additionalProperties: true },
);
export type OperatorManifest = Static<typeof OperatorManifest>;

/** The parts of package.json the runtime reads. */
export const PackageManifest = Type.Object(
  {
    name: Type.String(),
    version: Type.String(),
    gadgetry: Type.Union([GadgetManifest, OperatorManifest]),
  },
  { additionalProperties: true },
);
export type PackageManifest = Static<typeof PackageManifest>;
