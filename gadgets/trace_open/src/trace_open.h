/* The event trace_open sends to user space. */
#ifndef TRACE_OPEN_H
#define TRACE_OPEN_H

#define TRACE_OPEN_PATH_MAX 256

/* src/event.generated.ts is generated from this struct's BTF at build time;
 * src/index.ts lays the presentation over it. */
struct event {
	struct gadget_process proc;
	gadget_timestamp timestamp; /* ns since boot, at entry */
	__s32 fd;          /* the new fd, or -1 */
	__s32 error;       /* errno of a failed open, or 0 (shown as its name: kind errno) */
	__u32 flags;       /* open(2) flags */
	__u32 mode;        /* mode for O_CREAT */
	char fname[TRACE_OPEN_PATH_MAX];
};

#endif
