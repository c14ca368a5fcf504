export { Collection, LOSS_REASONS, type CollectionOptions, type LossReason, type ProgramInfo } from './Collection.js';
export { BpfMap, MapType } from './BpfMap.js';
export { Link } from './Link.js';
export { RingBufferReader, type RecordBatchHandler } from './RingBufferReader.js';
export { PerfBufferReader } from './PerfBufferReader.js';
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
export { addon, type TypeInfo, type GlobalInfo, type MapInfo, type PerfEventOptions } from './addon.js';
export { kernelTestGate } from './kernelTestGate.js';
export { ringBufferSize } from './ringBufferSize.js';
