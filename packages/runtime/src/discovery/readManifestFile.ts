import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';

/** package.json files larger than this are refused: no real manifest comes close. */
export const MANIFEST_SIZE_LIMIT = 1024 * 1024;

export type ManifestRead = { text: string } | { missing: true } | { refused: string } | { without: true };

export interface ManifestReadOptions {
  /** Decode the text only when the file's bytes contain this (a cheap pre-check); `{ without: true }` otherwise. */
  mustContain?: Buffer;
}

function kindOf(st: ReturnType<typeof fstatSync>): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a directory';
  return 'not a regular file';
}

// Discovery is synchronous: one buffer serves every package it scans.
const SCAN = Buffer.allocUnsafe(64 * 1024);

/**
 * The fast path for the many packages that are not gadgets: one pread and no
 * fstat. True only when a short read (a regular file's end) lacks `needle`;
 * nothing read, a full buffer or an error (a FIFO or device cannot pread, or
 * never ends) leave the file to the full checks.
 */
function lacks(fd: number, needle: Buffer): boolean {
  let n: number;
  try {
    n = readSync(fd, SCAN, 0, SCAN.length, 0);
  } catch {
    return false;
  }
  return n > 0 && n < SCAN.length && SCAN.subarray(0, n).indexOf(needle) < 0;
}

/**
 * Reads a package.json without ever blocking: a FIFO, a device (a symlink to
 * /dev/zero) or a huge file in a searched folder must not hang or exhaust the
 * CLI, so the file is opened non-blocking, checked with fstat on that same fd,
 * and read only if it is a regular file under the size limit.
 */
export function readManifestFile(path: string, options: ManifestReadOptions = {}): ManifestRead {
  const file = basename(path);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { missing: true };
    return { refused: `${file} cannot be read (${code ?? (err as Error).message})` };
  }
  try {
    if (options.mustContain && lacks(fd, options.mustContain)) return { without: true };
    const st = fstatSync(fd);
    if (!st.isFile()) return { refused: `${file} is ${kindOf(st)}, not a regular file; remove it` };
    if (st.size > MANIFEST_SIZE_LIMIT) {
      return { refused: `${file} is ${st.size} bytes, over the ${MANIFEST_SIZE_LIMIT}-byte limit for a manifest; remove it` };
    }
    // Read at most the size fstat reported: a file that grows meanwhile cannot make us read more.
    const buf = Buffer.allocUnsafe(st.size);
    let used = 0;
    while (used < st.size) {
      const n = readSync(fd, buf, used, st.size - used, null);
      if (n === 0) break;
      used += n;
    }
    if (options.mustContain && buf.subarray(0, used).indexOf(options.mustContain) < 0) return { without: true };
    return { text: buf.toString('utf8', 0, used) };
  } catch (err) {
    return { refused: `${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  } finally {
    closeSync(fd);
  }
}
