/* One record per process; src/index.ts describes the same fields. */
#ifndef __NAME_UPPER___H
#define __NAME_UPPER___H

struct record {
	__u32 pid;
	__u32 ppid;
	__u32 uid;
	__u32 _pad;
	__u64 mntns_id;
	char comm[16];
};

#endif
