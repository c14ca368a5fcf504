/* Typedefs that say what an event member means. gadgetry-bpf-build reads them
 * from the object's BTF: a member typed `gadget_pid` becomes a field of kind
 * pid, shown as every gadget shows a process id, with no TypeScript overlay.
 * 64-bit kinds (timestamps, namespace ids) stay below 2^53 in practice and are
 * read as JS numbers; any other 64-bit member is read as a BigInt. */
#ifndef GADGETRY_TYPES_H
#define GADGETRY_TYPES_H

#include "vmlinux.h" /* __u32, __u64 */

#define GADGET_COMM_LEN 16

typedef __u32 gadget_pid;       /* thread group id */
typedef __u32 gadget_tid;       /* thread id */
typedef __u32 gadget_ppid;      /* parent's thread group id */
typedef __u32 gadget_uid;
typedef __u32 gadget_gid;
typedef __u64 gadget_mntns_id;  /* mount namespace inode number */
typedef __u64 gadget_timestamp; /* ns since boot (bpf_ktime_get_boot_ns) */
typedef char gadget_comm[GADGET_COMM_LEN];

#endif /* GADGETRY_TYPES_H */
