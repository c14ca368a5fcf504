/* One record per task written by the iterator. */
#ifndef SNAPSHOT_PROCESS_H
#define SNAPSHOT_PROCESS_H

struct process_record {
	__u32 pid;      /* thread group id */
	__u32 tid;
	__u32 ppid;
	__u32 uid;
	__u32 gid;
	__u32 threads;  /* threads in the group */
	__u64 mntns_id;
	__u64 start_time; /* ns since boot */
	char comm[16];
};

#endif
