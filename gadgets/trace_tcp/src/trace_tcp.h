/* The event trace_tcp sends to user space. */
#ifndef TRACE_TCP_H
#define TRACE_TCP_H

#define TRACE_TCP_TYPE_LEN 8

/* src/event.generated.ts is generated from this struct's BTF at build time;
 * src/index.ts lays the presentation over it. */
struct event {
	struct gadget_process proc; /* the socket's owner */
	char type[TRACE_TCP_TYPE_LEN]; /* "connect", "accept" or "close" */
	struct gadget_endpoints ends;  /* saddr/sport local, daddr/dport remote */
	__s32 error;                   /* errno of a failed connect or a broken connection, or 0 */
	__u32 netns;                   /* network namespace inode */
	gadget_timestamp timestamp;
};

#endif
