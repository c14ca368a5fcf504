import { addon, type NativeReader } from './addon.js';
import { MapType, nativeMap, type BpfMap } from './BpfMap.js';
import { BufferReader } from './BufferReader.js';
import { BpfError } from './errors.js';
import { guardHandler } from './RecordBatch.js';
import type { RecordBatchHandler } from './RingBufferReader.js';

/**
 * Reads a BPF perf event array (one buffer per CPU). Records arrive in batches
 * like RingBufferReader's; `lost` counts records the kernel dropped.
 */
export class PerfBufferReader extends BufferReader<NativeReader & { readonly lost: number }> {
  constructor(map: BpfMap, onBatch: RecordBatchHandler, options: { pagesPerCpu?: number; onError?: (err: unknown) => void } = {}) {
    if (map.type !== MapType.PERF_EVENT_ARRAY) throw new BpfError('BPF_MAP_TYPE', `map ${map.name} is not a perf event array`);
    const safe = guardHandler(onBatch, options.onError);
    super(() => new (addon().PerfBufferReader)(nativeMap(map), options.pagesPerCpu ?? 64, safe));
  }

  /** Records the kernel dropped so far (kept after close). */
  get lost(): number {
    return this.native.lost;
  }
}
