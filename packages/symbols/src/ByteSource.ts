import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Random access to the bytes of a file, read only where the ELF reader looks. */
export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes from `offset`; fewer at the end of the source. */
  read(offset: number, length: number): Buffer;
}

/** A source over bytes already in memory (tests, fuzzing). */
export function bufferSource(bytes: Buffer): ByteSource {
  return {
    size: bytes.length,
    read: (offset, length) => bytes.subarray(Math.min(offset, bytes.length), Math.min(offset + length, bytes.length)),
  };
}

/** An open file read with pread; close() when done. */
export interface FileSource extends ByteSource {
  close(): void;
}

/** Opens `path` read-only (through /proc/<pid>/map_files or /proc/<pid>/root for another process's files). */
export function fileSource(path: string): FileSource {
  const fd = openSync(path, 'r');
  let size: number;
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error(`${path} is not a regular file`);
    size = st.size;
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  return {
    size,
    read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset));
      const buf = Buffer.alloc(n);
      let done = 0;
      while (done < n) {
        const got = readSync(fd, buf, done, n - done, offset + done);
        if (got === 0) break;
        done += got;
      }
      return buf.subarray(0, done);
    },
    close: () => closeSync(fd),
  };
}
