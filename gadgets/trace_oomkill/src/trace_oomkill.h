/* The event trace_oomkill sends to user space. The build generates its
 * TypeBox schema (src/event.generated.ts) from this struct's BTF;
 * src/index.ts only adds what C cannot say. */
#ifndef TRACE_OOMKILL_H
#define TRACE_OOMKILL_H

struct event {
	struct gadget_process proc; /* the victim: its container is its mount namespace */
	gadget_timestamp timestamp; /* ns since boot */
	__u64 total_vm;             /* bytes of virtual memory */
	__u64 anon_rss;             /* bytes resident: anonymous, */
	__u64 file_rss;             /* file-backed */
	__u64 shmem_rss;            /* and shared memory */
	__u64 pgtables;             /* bytes of page tables */
	__s32 oom_score_adj;
	gadget_pid trigger_pid;     /* the process whose allocation set off the OOM killer */
	gadget_comm trigger_comm;
	bool from_task;             /* true: read from the victim's task; false: from the tracepoint record only (no namespace, parent, gid) */
	__u8 _pad[7];
};

#endif
