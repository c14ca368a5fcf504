/* One record per task written by the iterator. */
#ifndef SNAPSHOT_PROCESS_H
#define SNAPSHOT_PROCESS_H

/* src/event.generated.ts is generated from this struct's BTF at build time;
 * src/index.ts lays the presentation over it. */
struct process_record {
	gadget_pid pid;   /* thread group id */
	gadget_tid tid;
	gadget_ppid ppid;
	gadget_uid uid;
	gadget_gid gid;
	__u32 threads;    /* threads in the group */
	gadget_mntns_id mntns_id;
	gadget_timestamp start_time; /* ns since boot */
	char comm[GADGET_COMM_LEN];  /* a plain char array: shown without the usual comm width */
};

#endif
