/* The event __NAME__ sends to user space; src/index.ts describes the same fields. */
#ifndef __NAME_UPPER___H
#define __NAME_UPPER___H

struct event {
	struct gadget_process proc;
	__s32 target_pid;
	__u32 signal;
};

#endif
