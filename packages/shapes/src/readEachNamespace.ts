import { closeSync, fstatSync, openSync } from 'node:fs';
import type { Link } from '@gadgetry/native-bpf';
import { networkNamespaces } from './networkNamespaces.js';

/** An open fd of namespace file `path` when it is still namespace `inode` (its process may have exited, its pid gone to another). */
function openNamespace(path: string, inode: number): number | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  if (fstatSync(fd).ino === inode) return fd;
  closeSync(fd);
  return undefined;
}

/**
 * What an iterator over sockets writes in each network namespace some
 * process is in, one Buffer each: the kernel lists a namespace's sockets
 * only to an iterator created inside it. A namespace whose processes all
 * exited meanwhile has no sockets left to list, and is skipped.
 */
export function readEachNamespace(link: Link): Buffer[] {
  const out: Buffer[] = [];
  for (const ns of networkNamespaces()) {
    if (ns.own) {
      out.push(link.readIterator());
      continue;
    }
    const fd = openNamespace(ns.path, ns.inode);
    if (fd === undefined) continue;
    try {
      out.push(link.readIterator({ netns: fd }));
    } finally {
      closeSync(fd);
    }
  }
  return out;
}
