/* The event trace_tcpretrans sends to user space. */
#ifndef TRACE_TCPRETRANS_H
#define TRACE_TCPRETRANS_H

#define TRACE_TCPRETRANS_TYPE_LEN 8

/* src/event.generated.ts is generated from this struct's BTF at build time;
 * src/index.ts lays the presentation over it. */
struct event {
	struct gadget_process proc;         /* the socket's owner, where known */
	char type[TRACE_TCPRETRANS_TYPE_LEN]; /* "RETRANS" (a segment) or "SYNACK" (a listener's SYN-ACK) */
	struct gadget_endpoints ends;       /* saddr/sport local, daddr/dport remote */
	__u32 state;                        /* TCP state of the connection */
	__u32 netns;                        /* network namespace inode */
	gadget_timestamp timestamp;
};

#endif
