/* Per-process counters; src/index.ts describes the same fields. */
#ifndef __NAME_UPPER___H
#define __NAME_UPPER___H

struct syscall_stat {
	__u64 calls;
	__u64 mntns_id;
	__u32 pid;
	__u32 uid;
	char comm[16];
};

#endif
