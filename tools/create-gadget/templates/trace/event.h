/* The event __NAME__ sends to user space. The build generates its TypeBox
 * schema (src/event.generated.ts) from this struct's BTF; src/index.ts only
 * adds what C cannot say. */
#ifndef __NAME_UPPER___H
#define __NAME_UPPER___H

struct event {
	struct gadget_process proc; /* pid, tid, ppid, uid, gid, mntns_id, comm */
	__s32 target_pid;
	__u32 signal;
};

#endif
