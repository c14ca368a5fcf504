import { BpfError, createDecoder, decodeFixedRecords, type Collection, type Link } from '@gadgetry/native-bpf';
import { Type, processFields, type Static } from '@gadgetry/sdk';

/** The iter/task_file program and record of <gadgetry/socket_owner.h>. */
export const SOCKET_OWNER_SCAN = 'gadget_socket_owners_scan';
const RECORD = 'gadget_socket_owner_record';

const ownerRecord = Type.Object({
  ...processFields,
  inode: Type.BigInt(),
  fd: Type.Integer(),
  family: Type.Integer(),
  protocol: Type.Integer(),
});

/** A process that has a socket open: who it is, the socket's inode and family, the fd it holds it by. */
export type SocketOwner = Static<typeof ownerRecord>;

export interface SocketOwnerScan {
  /** Only this process's sockets (the iterator walks that process alone where the kernel can, Linux 6.1). */
  pid?: number;
}

const E2BIG = 7;
const EINVAL = 22;

/** The scan's link: limited to one process where the kernel takes the argument, else every process. */
function attachScan(collection: Collection, pid: number | undefined): { link: Link; limited: boolean } {
  if (pid !== undefined) {
    try {
      return { link: collection.attach(SOCKET_OWNER_SCAN, { iter: { task: { pid } } }), limited: true };
    } catch (err) {
      // kernels before 6.1 refuse task arguments: walk everything, keep the one process below
      if (!(err instanceof BpfError && err.code === 'BPF_ATTACH_FAILED' && (err.errno === E2BIG || err.errno === EINVAL))) throw err;
    }
  }
  return { link: collection.attach(SOCKET_OWNER_SCAN), limited: false };
}

/**
 * Runs the socket-owner scan of a loaded object that includes
 * <gadgetry/socket_owner.h>: every open socket's owner goes into the
 * object's gadget_socket_owners table, where its programs look owners up
 * (events in softirq context, iterators over sockets), and comes back here
 * keyed by the socket's inode number, exact (a BigInt). A socket open in
 * several processes is given to the first found, the lowest pid. Run it once
 * the gadget's programs are attached: what opens meanwhile is then tracked.
 */
export function socketOwners(collection: Collection, scan: SocketOwnerScan = {}): Map<bigint, SocketOwner> {
  if (!collection.programs.some((p) => p.name === SOCKET_OWNER_SCAN)) {
    throw new BpfError('BPF_PROGRAM_NOT_FOUND', `the BPF object has no program ${SOCKET_OWNER_SCAN}: include <gadgetry/socket_owner.h> in it to find socket owners`);
  }
  const layout = collection.structLayout(RECORD);
  const decode = createDecoder<SocketOwner>(layout, ownerRecord);
  const { link, limited } = attachScan(collection, scan.pid);
  let data: Buffer;
  try {
    data = link.readIterator();
  } finally {
    link.close();
  }
  const owners = new Map<bigint, SocketOwner>();
  for (const owner of decodeFixedRecords(data, layout.size, decode)) {
    if (!limited && scan.pid !== undefined && owner.pid !== scan.pid) continue;
    if (!owners.has(owner.inode)) owners.set(owner.inode, owner);
  }
  return owners;
}

/**
 * The scan a run needs: the one process a --pid filter names (the others'
 * sockets are filtered out anyway, so the iterator walks that process alone
 * where the kernel can), else every process.
 */
export function scanFor(filters: { common?: { pid?: number[] } | undefined }): SocketOwnerScan {
  const pids = filters.common?.pid;
  return pids?.length === 1 ? { pid: pids[0]! } : {};
}
