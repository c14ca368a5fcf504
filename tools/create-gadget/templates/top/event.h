/* Per-process counters. The build generates their TypeBox schema
 * (src/event.generated.ts) from this struct's BTF; src/index.ts only adds what
 * C cannot say. */
#ifndef __NAME_UPPER___H
#define __NAME_UPPER___H

struct syscall_stat {
	gadget_pid pid;
	gadget_uid uid;
	gadget_mntns_id mntns_id;
	gadget_comm comm;
	__u64 calls;
};

#endif
