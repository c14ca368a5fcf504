/* The event trace_exec sends to user space. */
#ifndef TRACE_EXEC_H
#define TRACE_EXEC_H

#define TRACE_EXEC_ARGS_SIZE 2048
#define TRACE_EXEC_ARG_LEN 256
#define TRACE_EXEC_MAX_ARGS 32

/* src/event.generated.ts is generated from this struct's BTF at build time;
 * src/index.ts lays the presentation over it. */
struct event {
	struct gadget_process proc;
	gadget_timestamp timestamp; /* ns since boot, at execve() entry */
	__s32 retval;        /* 0, or -errno of a failed execve() */
	__u32 args_count;
	__u32 args_size;     /* bytes used in args */
	char args[TRACE_EXEC_ARGS_SIZE]; /* NUL-separated argv */
};

#endif
