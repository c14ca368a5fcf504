/** Calls `fn` for each record of a batch delivered by a reader (u32 size, u32 cpu, bytes, pad to 8). */
export function forEachRecord(batch: Buffer, fn: (offset: number, size: number, cpu: number) => void): void {
  let off = 0;
  while (off + 8 <= batch.length) {
    const size = batch.readUInt32LE(off);
    fn(off + 8, size, batch.readUInt32LE(off + 4));
    off += 8 + ((size + 7) & ~7);
  }
}

/** Decodes every record of a batch. */
export function decodeRecords<T>(batch: Buffer, decode: (buf: Buffer, offset: number) => T): T[] {
  const out: T[] = [];
  forEachRecord(batch, (offset) => out.push(decode(batch, offset)));
  return out;
}

/** Wraps a batch handler so a throw in it reaches `onError` instead of the native caller. */
export function guardHandler<A extends unknown[]>(handler: (...args: A) => void, onError?: (err: unknown) => void): (...args: A) => void {
  const report = onError ?? ((e: unknown) => queueMicrotask(() => {
    throw e;
  }));
  return (...args: A) => {
    try {
      handler(...args);
    } catch (err) {
      report(err);
    }
  };
}

/** Decodes the fixed-size records a BPF iterator wrote back to back (bpf_seq_write). */
export function decodeFixedRecords<T>(data: Buffer, size: number, decode: (buf: Buffer, offset: number) => T): T[] {
  const out: T[] = [];
  for (let off = 0; off + size <= data.length; off += size) out.push(decode(data, off));
  return out;
}
