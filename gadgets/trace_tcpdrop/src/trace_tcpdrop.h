/* The event trace_tcpdrop sends to user space. */
#ifndef TRACE_TCPDROP_H
#define TRACE_TCPDROP_H

#define TRACE_TCPDROP_TYPE_LEN 8

/* src/event.generated.ts is generated from this struct's BTF at build time;
 * src/index.ts lays the presentation over it. */
struct event {
	struct gadget_process proc;          /* the owner of the socket, where there is one and it is known */
	char type[TRACE_TCPDROP_TYPE_LEN];   /* "DROP" (a packet freed unsent or unread) or "RESET" (a reset sent) */
	struct gadget_endpoints ends;        /* a drop: the packet's source (s) and destination (d); a reset: from (s) and to (d) */
	__u32 reason;                        /* enum skb_drop_reason of the running kernel; 0 for a reset */
	__u32 state;                         /* TCP state of the socket; 0 without one */
	__u32 netns;                         /* network namespace inode */
	__u8 tcpflags;                       /* TCP flags of the dropped segment (FIN 1, SYN 2, RST 4, PSH 8, ACK 16, ...) */
	__u8 _pad[3];
	gadget_timestamp timestamp;
};

#endif
