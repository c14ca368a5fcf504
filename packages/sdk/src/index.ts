export { FIELD_KINDS, FieldKind, fieldAnnotations } from './fieldAnnotations.js';
export type { FieldAnnotations, FieldCondition, FieldKindName, KnownFieldKind } from './fieldAnnotations.js';
export { GADGET_CATEGORIES, GADGET_TYPES } from './descriptor.js';
export type { GadgetCategory, GadgetType, GadgetDescriptor, SortKey, ParamsOf, EventOf } from './descriptor.js';
export type { GadgetContext, GadgetLogger, EventFlow } from './context.js';
export type {
  GadgetInstance,
  EventHandler,
  EventHandlerArray,
  EventEnricher,
  ResultHandler,
  LifecycleStep,
  MountNsFilter,
} from './lifecycle.js';
export type { KernelCost, ProgramCost, MapCost } from './kernelCost.js';
export type { OperatorDescriptor, OperatorInstance, OperatorFieldSpec } from './operator.js';
export type { OperatorRun, RunField } from './runField.js';
export { ParamError } from './ParamError.js';
export { GadgetManifest, OperatorManifest, OperatorAppliesTo, PackageManifest } from './manifest.js';
export { defineGadget, defineOperator } from './defineGadget.js';
/** Re-exported so gadget authors build schemas with the SDK's own TypeBox. */
export { Type } from '@sinclair/typebox';
export type { Static, TObject, TSchema } from '@sinclair/typebox';
export { HistogramResult, Histogram, HistogramSlot } from './histogramResult.js';
export { processFields } from './processFields.js';
export { RESULT_KINDS, isStackProfile } from './stackProfile.js';
export type { StackProfile, ProfileStack, ProfileFrame, ResultKind } from './stackProfile.js';
export { defineEvent } from './defineEvent.js';
export { DEFAULT_MAX_LABEL_SETS, MAX_LABEL_SETS_LIMIT, fieldMetricProblem } from './fieldMetric.js';
export type { FieldMetric, FieldMetricType, ResultMetric } from './fieldMetric.js';
export type { EventOverlay, EventProperties, FieldOverlay, ComputedField } from './defineEvent.js';
export { int64 } from './int64Field.js';
export type { Int64Field } from './int64Field.js';
export { commonFilterParams, COMMON_FILTER_MAX_VALUES, COMM_MAX_BYTES } from './commonFilterParams.js';
/** Re-exported so gadgets throw errors with listed codes and report losses by reason. */
export { GadgetryError, foreignCode } from '@gadgetry/errors';
export type { ErrorCode, ForeignCode, LossReason } from '@gadgetry/errors';
