import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { GadgetryError } from '@gadgetry/errors';

/**
 * Writes `text` to `path` so that readers see the old file or the whole new
 * one, never a part: into a new file beside it, flushed, then renamed over
 * it. On any error the partial file is removed and OUTPUT_FAILED thrown.
 */
export function writeFileAtomic(path: string, text: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', 0o644);
    const bytes = Buffer.from(text, 'utf8');
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // not created, or already renamed
    }
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new GadgetryError('OUTPUT_FAILED', `cannot write ${path}: ${why}; nothing was written (check the folder exists and is writable)`, { cause: err });
  }
}
