import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/** The version of the GadgetInfo layout; a reader refuses infos of another major version. */
export const GADGET_INFO_VERSION = 1;

/** One param as the CLI and `describe` present it (see paramSpecs). */
export const ParamInfoSchema = Type.Object({
  key: Type.String(),
  flag: Type.String(),
  type: Type.String(),
  choices: Type.Optional(Type.Array(Type.String())),
  range: Type.Optional(Type.String()),
  default: Type.Optional(Type.Unknown()),
  description: Type.String(),
  required: Type.Boolean(),
});
export type ParamInfo = Static<typeof ParamInfoSchema>;

/**
 * One event field before kinds apply, in column order: the gadget's own and
 * those operators add (addedBy). `schema` is the field's JSON schema with its
 * annotations (kind, width, header, hidden, description, align).
 */
export const FieldInfoSchema = Type.Object({
  name: Type.String(),
  schema: Type.Record(Type.String(), Type.Unknown()),
  addedBy: Type.Optional(Type.String()),
});
export type GadgetFieldInfo = Static<typeof FieldInfoSchema>;

/** An operator a run of the gadget uses, in the order it sees each event. */
export const OperatorInfoSchema = Type.Object({
  name: Type.String(),
  description: Type.String(),
  params: Type.Array(ParamInfoSchema),
});
export type OperatorInfo = Static<typeof OperatorInfoSchema>;

/**
 * A gadget as a run presents it, in plain JSON (no functions, no BigInts):
 * what `describe`, `run --help` and every output of `run` are built from, so
 * a remote run prints exactly what a local one does.
 */
export const GadgetInfoSchema = Type.Object({
  version: Type.Literal(GADGET_INFO_VERSION),
  name: Type.String(),
  description: Type.String(),
  category: Type.String(),
  type: Type.String(),
  /** What result() returns when the runtime shows it beyond JSON. */
  result: Type.Optional(Type.String()),
  /** Its histogram results as a metric (see ResultMetric in @gadgetry/sdk). */
  resultMetric: Type.Optional(Type.Object({ name: Type.String(), description: Type.String() })),
  defaultSort: Type.Optional(Type.Array(Type.String())),
  /** The package the gadget comes from. */
  package: Type.Object({ name: Type.String(), version: Type.String() }),
  params: Type.Array(ParamInfoSchema),
  operators: Type.Array(OperatorInfoSchema),
  fields: Type.Array(FieldInfoSchema),
});
export type GadgetInfo = Static<typeof GadgetInfoSchema>;

/** True for a value that is a GadgetInfo of this version (what a runner that got one over the wire checks first). */
export function isGadgetInfo(value: unknown): value is GadgetInfo {
  return Value.Check(GadgetInfoSchema, value);
}
