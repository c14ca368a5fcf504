export { Collection, LOSS_REASONS, type CollectionOptions, type LossReason, type ProgramInfo } from './Collection.js';
export { BpfMap, MapType } from './BpfMap.js';
export type { CollectionCost, MapCost, ProgramCost, RunTimeCounting } from './collectionCost.js';
export { Link } from './Link.js';
export { CGROUP_ITER_ORDER, type AttachOptions, type CgroupIterOrder, type IterTarget } from './iterTarget.js';
export { RingBufferReader, type RecordBatchHandler } from './RingBufferReader.js';
export { PerfBufferReader } from './PerfBufferReader.js';
export { PacketSocket, PacketType, decodePackets, type Packet, type PacketSocketStats } from './PacketSocket.js';
export { forEachRecord, decodeRecords, decodeFixedRecords } from './RecordBatch.js';
export { createDecoder, type Decoder } from './createDecoder.js';
export { encodeGlobal, type GlobalValue } from './encodeGlobal.js';
export {
  prepareKernel,
  describeMount,
  kernelReport,
  type KernelCheck,
  type KernelMount,
  type KernelPreparation,
  TRACEFS,
  BPFFS,
  VMLINUX_BTF,
} from './kernelSetup.js';
export { BpfError, SchemaMismatchError, RecordTruncatedError, toBpfError } from './errors.js';
export { kernelVersion, parseKernelVersion, kernelAtLeast, requireKernel, type KernelVersion } from './kernelVersion.js';
export {
  ATTACH_KINDS,
  attachSupport,
  allAttachSupport,
  programTypeSupported,
  mapTypeSupported,
  helperSupported,
  type AttachKind,
  type FeatureState,
  type FeatureStatus,
} from './kernelFeatures.js';
export { kernelBtfHas, kernelFunctionExists, tracefsRoot } from './kernelBtf.js';
export { hookOf, hookStatus, describeHook, type Hook, type HookStatus } from './hooks.js';
export { featureReport, type FeatureLine } from './featureReport.js';
export { simulateKernel, type KernelSimulation } from './simulateKernel.js';
export { planPrograms, objectPrograms, failedProgram, type ObjectProgram, type PlanOptions, type ProgramPlan, type SkippedGroup } from './programPlan.js';
export { addonPlatform, findAddon, prebuiltPlatforms, type AddonLocation } from './addonLocation.js';
export { addon, type TypeInfo, type GlobalInfo, type MapInfo, type PerfEventOptions, type UprobeTarget, type PacketSocketOptions } from './addon.js';
export { kernelTestGate } from './kernelTestGate.js';
export { ringBufferSize } from './ringBufferSize.js';
