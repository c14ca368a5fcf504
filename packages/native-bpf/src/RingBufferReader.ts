import { addon } from './addon.js';
import { MapType, nativeMap, type BpfMap } from './BpfMap.js';
import { BufferReader } from './BufferReader.js';
import { BpfError } from './errors.js';
import { guardHandler } from './RecordBatch.js';

export type RecordBatchHandler = (records: Buffer, count: number) => void;

/**
 * Reads a BPF ring buffer. The buffer's fd is watched on Node's event loop;
 * each wake-up drains every ready record and hands them to `onBatch`, at
 * most `maxBatch` per call. Errors thrown by the handler are reported through `onError`.
 */
export class RingBufferReader extends BufferReader {
  constructor(map: BpfMap, onBatch: RecordBatchHandler, onError?: (err: unknown) => void, maxBatch = 8192) {
    if (map.type !== MapType.RINGBUF) throw new BpfError('BPF_MAP_TYPE', `map ${map.name} is not a ring buffer`);
    const safe = guardHandler(onBatch, onError);
    super(() => new (addon().RingBufferReader)(nativeMap(map), safe, maxBatch));
  }
}
