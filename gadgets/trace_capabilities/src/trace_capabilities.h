/* The event trace_capabilities sends to user space. The build generates its
 * TypeBox schema (src/event.generated.ts) from this struct's BTF;
 * src/index.ts only adds what C cannot say. */
#ifndef TRACE_CAPABILITIES_H
#define TRACE_CAPABILITIES_H

struct event {
	struct gadget_process proc;
	gadget_timestamp timestamp; /* ns since boot */
	__u64 target_userns;        /* inode number of the user namespace the capability is checked against */
	__u32 cap;                  /* CAP_* number */
	__s32 syscall;              /* the syscall the task is in; -1 outside one (a kernel thread, a fault) */
	__u32 err;                  /* 0: allowed; EPERM: denied */
	__u32 _pad;
};

/* What --unique remembers: each process's (capability, verdict) once. */
struct unique_key {
	__u32 tgid;
	__u32 cap;
	__u32 denied;
};

#endif
