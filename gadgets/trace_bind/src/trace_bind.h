/* The event trace_bind sends to user space. The build generates its TypeBox
 * schema (src/event.generated.ts) from this struct's BTF; src/index.ts only
 * adds what C cannot say. */
#ifndef TRACE_BIND_H
#define TRACE_BIND_H

struct event {
	struct gadget_process proc;
	gadget_timestamp timestamp; /* ns since boot, at entry */
	__u8 addr[16];              /* IPv6, or IPv4 as ::ffff:a.b.c.d; zero for other families */
	__u16 port;                 /* host byte order; 0 for other families */
	__u16 family;               /* AF_* of the address given */
	__u16 proto;                /* IPPROTO_* of the socket (0 when the fd is no socket) */
	__u16 sock_type;            /* SOCK_STREAM, SOCK_DGRAM, ... (0 when the fd is no socket) */
	__s32 fd;
	__u32 err;                  /* errno of a failed bind, 0 on success */
};

#endif
